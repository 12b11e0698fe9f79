#pragma once

#include <QCommandLineOption>
#include <QList>

// The options that check, fix, schema and the GUI share: --demo, the discovery overrides and
// --set. Defined once so the command line and the window cannot drift apart.
class SharedOptions
{
public:
    static QList<QCommandLineOption> all();
};
