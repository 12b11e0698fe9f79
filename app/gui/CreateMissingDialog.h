#pragma once

#include "FillPlan.h"
#include "OnlineFix.h"
#include "ProfileSchema.h"

#include <QDialog>
#include <QList>
#include <QMap>
#include <QScopedPointer>
#include <QSqlDatabase>

namespace Ui {
class CreateMissingDialog;
}
struct DjangoModel;
class FillPlanEditor;
class QCheckBox;
class QPushButton;

// The confirmation before the fix-up: the profile tables with how many users lack a row in each (a check
// box each when there are several), each table's values per column and why (editable: the GUI's --set) and
// its SQL. Its accept button reads "Create N profiles", N the sum of the checked tables, and is disabled
// while nothing is checked or a checked table's value does not fit its column. Online mode (committed
// batches paced by replica lag and rate) is offered for every missing profile, not through Django.
class CreateMissingDialog final : public QDialog
{
    Q_OBJECT

public:
    // One profile table offered: its schema, the users without a row in it, the values chosen before.
    struct Table
    {
        ProfileSchema schema;
        qint64 missing = 0;
        QMap<QString, QString> overrides;
    };

    // `db` only tells the SQL dialect; nothing is written here.
    CreateMissingDialog(const QSqlDatabase &db, const QList<Table> &tables, QWidget *parent = nullptr);
    ~CreateMissingDialog() override;

    // The indexes (into the tables given) of the checked tables, in order.
    QList<int> chosenTables() const;
    // Table `table`'s plan for the values as they stand; valid for every chosen table once accepted.
    const FillPlan &plan(int table) const;
    // The values the user chose for table `table`, COLUMN -> VALUE as with --set.
    QMap<QString, QString> overrides(int table) const;
    // The profiles the chosen tables will get.
    qint64 chosenCount() const;
    QPushButton *createButton() const;
    // Django-aware mode: each table's plan takes its model's defaults (`models` in the order of the tables,
    // nullptr for a table the project has no model for), and a check box "Create through Django" offers the
    // site's own ORM, which also fills defaults SQL cannot compute. The models must outlive the dialog.
    void setDjangoModels(const QList<const DjangoModel *> &models);
    bool viaDjango() const;
    // Online mode: "Commit in batches (online mode)" checked, with its batch size, replica lag and rate.
    bool online() const;
    // The pacing chosen; expectedProfiles is the chosen tables' count.
    OnlineOptions onlineOptions() const;
    // The confirmation of "Create profile" for `users` selected users instead: each table's count is how
    // many of them lack its profile; no script to save and no run through Django, which cover every user.
    void setSelectedUsers(qint64 users);

private:
    void update();

    const QScopedPointer<Ui::CreateMissingDialog> m_ui;
    const QList<Table> m_tables;
    QList<QCheckBox *> m_checks;
    QList<FillPlanEditor *> m_editors;
    QList<const DjangoModel *> m_models;
    QCheckBox *m_viaDjango = nullptr;
    QPushButton *m_saveSql = nullptr;
    bool m_forSelectedUsers = false;
};
