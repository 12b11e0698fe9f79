#pragma once

#include <QDialog>
#include <QScopedPointer>

namespace Ui {
class ExportDialog;
}
class QPushButton;

// Asks what "Export…" writes: every row the grid's filter lets through or only the selected ones, with or
// without a header row and a byte order mark.
class ExportDialog final : public QDialog
{
    Q_OBJECT

public:
    // `total` rows match (-1 while still counted); `selected` rows are selected (offered when more than one).
    ExportDialog(const QString &gridName, qint64 total, qint64 selected, QWidget *parent = nullptr);
    ~ExportDialog() override;

    // Says why the file may differ from the grid (unsaved edits are not in the database).
    void setNote(const QString &note);
    bool selectedOnly() const;
    bool headerRow() const;
    bool byteOrderMark() const;
    QPushButton *exportButton() const;

private:
    const QScopedPointer<Ui::ExportDialog> m_ui;
};
