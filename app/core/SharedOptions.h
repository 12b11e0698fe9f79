#pragma once

#include "SchemaDiscovery.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QMap>
#include <QString>

// The options that check, fix, schema and the GUI share: --demo, the discovery overrides and --set. Defined
// and read once, so the command line and the window cannot drift apart.
class SharedOptions
{
public:
    static QList<QCommandLineOption> all();

    // The values of a parser that was given all(); `error` is set for a malformed --set.
    static SharedOptions read(const QCommandLineParser &parser, QString *error);

    // The --set values for `table`, one of the tables `actedOn`: TABLE.COLUMN=VALUE applies to that table's
    // COLUMN, and a bare COLUMN=VALUE only when exactly one table is acted on; `error` is set otherwise, and
    // for a TABLE that is not acted on.
    static QMap<QString, QString> fillValuesFor(const QMap<QString, QString> &fillValues,
                                                const QList<ProfileSchema> &actedOn,
                                                const ProfileSchema &table, QString *error);

    bool demo = false;
    DiscoveryOverrides discovery;
    QMap<QString, QString> fillValues; // --set [TABLE.]COLUMN=VALUE, as typed
    QString django;                    // --django PATH/manage.py: Django-aware mode
    QString python;                    // --python INTERPRETER for it
};
