#pragma once

#include "FillPlan.h"
#include "ProfileSchema.h"

#include <QMap>
#include <QScopedPointer>
#include <QSqlDatabase>
#include <QWidget>

namespace Ui {
class FillPlanEditor;
}
class QTableWidgetItem;

// One profile table's plan in the confirmation before the fix-up: the value each column of a new profile
// gets and why (editable: the GUI's --set), and the SQL that will run for the table.
struct DjangoModel;

class FillPlanEditor final : public QWidget
{
    Q_OBJECT

public:
    // `db` only tells the SQL dialect; nothing is written here.
    FillPlanEditor(const QSqlDatabase &db, const ProfileSchema &schema,
                   const QMap<QString, QString> &overrides, QWidget *parent = nullptr);
    ~FillPlanEditor() override;

    const ProfileSchema &schema() const { return m_schema; }
    // The plan for the values as they stand; valid when every column has a value that fits.
    const FillPlan &plan() const { return m_plan; }
    // The values the user chose, COLUMN -> VALUE as with --set.
    QMap<QString, QString> overrides() const { return m_overrides; }
    // Django-aware mode: the plan takes `model`'s defaults (it must outlive the editor); with `viaDjango` the
    // site's ORM creates the profiles, so what only Python can compute is no problem.
    void setDjango(const DjangoModel *model, bool viaDjango);
    // Whether the profiles can be created as the editor stands: by SQL, or by the site's ORM.
    bool canCreate() const;

Q_SIGNALS:
    // A value was edited or reset: plan() and its validity may have changed.
    void planChanged();

private:
    enum Column { NameColumn, TypeColumn, ValueColumn, ReasonColumn };

    void fillTable();
    void valueEdited(QTableWidgetItem *item);
    void resetValues();
    void rebuild();

    const QScopedPointer<Ui::FillPlanEditor> m_ui;
    const QSqlDatabase m_db;
    const ProfileSchema m_schema;
    QMap<QString, QString> m_overrides;
    FillPlan m_plan;
    const DjangoModel *m_model = nullptr;
    bool m_viaDjango = false;
};
