#pragma once

#include <QDialog>
#include <QScopedPointer>
#include <QStringList>

namespace Ui {
class SetValueDialog;
}

// Asks for the one value "Set value for selected cells…" puts into every selected cell: typed text, or NULL
// when every selected column accepts it. It only asks; the grid's clipboard applies the answer.
class SetValueDialog final : public QDialog
{
    Q_OBJECT

public:
    // For `cells` cells of `columns`; `initial` is offered selected, so typing replaces it; `nullAllowed`
    // shows the NULL option.
    SetValueDialog(int cells, const QStringList &columns, const QString &initial, bool nullAllowed,
                   QWidget *parent = nullptr);
    ~SetValueDialog() override;

    // The text typed, as typed (not trimmed: spaces may be data).
    QString text() const;
    // NULL was chosen instead of a text.
    bool isNull() const;

private:
    const QScopedPointer<Ui::SetValueDialog> m_ui;
};
