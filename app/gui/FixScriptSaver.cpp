#include "FixScriptSaver.h"

#include "FileDialog.h"
#include "FixScript.h"
#include "MessageBox.h"

#include <QDir>
#include <QFileInfo>
#include <QPushButton>

QPushButton *FixScriptSaver::makeButton(QWidget *dialog, const QSqlDatabase &db, const Source &source)
{
    auto *button = new QPushButton(QObject::tr("Save &as SQL\u2026"), dialog);
    button->setAccessibleName(QObject::tr("Save as SQL\u2026"));
    button->setToolTip(QObject::tr("Write this transaction as an SQL file for review (as fix --sql does); "
                                   "nothing runs"));
    button->setAutoDefault(false);
    QObject::connect(button, &QPushButton::clicked, dialog, [dialog, db, source] {
        QList<ProfileSchema> schemas;
        QList<FillPlan> plans;
        source(&schemas, &plans);
        save(dialog, db, schemas, plans);
    });
    return button;
}

bool FixScriptSaver::save(QWidget *parent, const QSqlDatabase &db, const QList<ProfileSchema> &schemas,
                          const QList<FillPlan> &plans)
{
    const FixScript script(db, schemas, plans);
    // The database file's or server database's name only: a script header never carries a password.
    const QString database = QFileInfo(db.databaseName()).fileName();
    QString error;
    // Refuse before asking for a file when the plan cannot be written.
    if (script.script(database, QDateTime::currentDateTimeUtc(), &error).isEmpty()) {
        MessageBox::warning(parent, QObject::tr("Save as SQL"), error);
        return false;
    }
    const QString suggestion = QDir::home().filePath(QStringLiteral("create-missing-profiles.sql"));
    const QString fileName = FileDialog::getSaveFileName(parent, QObject::tr("Save as SQL"), suggestion,
                                                         QObject::tr("SQL scripts (*.sql);;All files (*)"));
    if (fileName.isEmpty())
        return false;
    if (!script.save(fileName, database, &error)) {
        MessageBox::warning(parent, QObject::tr("Save as SQL"), error);
        return false;
    }
    return true;
}
