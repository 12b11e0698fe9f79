#pragma once

#include "FillPlan.h"
#include "ProfileSchema.h"

#include <QDialog>
#include <QMap>
#include <QScopedPointer>
#include <QSqlDatabase>

namespace Ui {
class CreateMissingDialog;
}
class QCheckBox;
class QPushButton;
struct DjangoModel;
class QTableWidgetItem;

// The confirmation before the fix-up: how many profiles will be created, the value each column gets and why
// (editable: the GUI's --set), and the SQL that will run. Its accept button reads "Create N profiles" and is
// disabled while a value does not fit its column.
class CreateMissingDialog final : public QDialog
{
    Q_OBJECT

public:
    // `db` only tells the SQL dialect; nothing is written here.
    CreateMissingDialog(const QSqlDatabase &db, const ProfileSchema &schema,
                        const QMap<QString, QString> &overrides, qint64 missing, QWidget *parent = nullptr);
    ~CreateMissingDialog() override;

    // The plan for the values as they stand; valid whenever the dialog was accepted.
    const FillPlan &plan() const { return m_plan; }
    // The values the user chose, COLUMN -> VALUE as with --set.
    QMap<QString, QString> overrides() const { return m_overrides; }
    QPushButton *createButton() const;
    // Django-aware mode: the plan takes `model`'s defaults, and a check box "Create through Django" offers
    // the site's own ORM, which also fills defaults SQL cannot compute. `model` must outlive the dialog.
    void setDjangoModel(const DjangoModel *model);
    bool viaDjango() const;

private:
    enum Column { NameColumn, TypeColumn, ValueColumn, ReasonColumn };

    void fillTable();
    void valueEdited(QTableWidgetItem *item);
    void resetValues();
    void rebuild();

    const QScopedPointer<Ui::CreateMissingDialog> m_ui;
    const QSqlDatabase m_db;
    const ProfileSchema m_schema;
    QMap<QString, QString> m_overrides;
    FillPlan m_plan;
    const DjangoModel *m_model = nullptr;
    QCheckBox *m_viaDjango = nullptr;
};
