#pragma once

#include "FillPlan.h"
#include "ProfileSchema.h"

#include <QList>
#include <QSqlDatabase>

#include <functional>

class QPushButton;
class QWidget;

// "Save as SQL…" of the create confirmation: asks for a file and writes what `fix --sql` writes (FixScript)
// for the tables and plans as they stand when clicked. Nothing runs.
class FixScriptSaver
{
public:
    // What the button saves, read at each click so that values edited in the dialog are in the script.
    using Source = std::function<void(QList<ProfileSchema> *schemas, QList<FillPlan> *plans)>;

    // A "Save as SQL…" button for `dialog` (Alt+A), saving from `db` what `source` gives.
    static QPushButton *makeButton(QWidget *dialog, const QSqlDatabase &db, const Source &source);
    // Asks for a file and writes the script; warns when it cannot. True when a file was written.
    static bool save(QWidget *parent, const QSqlDatabase &db, const QList<ProfileSchema> &schemas,
                     const QList<FillPlan> &plans);
};
