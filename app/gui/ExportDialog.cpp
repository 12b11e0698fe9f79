#include "ExportDialog.h"

#include "ui_ExportDialog.h"

#include <QLocale>
#include <QPushButton>

ExportDialog::ExportDialog(const QString &gridName, qint64 total, qint64 selected, QWidget *parent)
    : QDialog(parent)
    , m_ui(new Ui::ExportDialog)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Export %1 to CSV").arg(gridName));
    const QLocale locale;
    m_ui->allRowsButton->setText(total >= 0 ? tr("&All %1 matching rows").arg(locale.toString(total))
                                            : tr("&All matching rows"));
    const bool offerSelection = selected > 1;
    m_ui->selectedRowsButton->setEnabled(offerSelection);
    m_ui->selectedRowsButton->setText(offerSelection
                                          ? tr("&Selected rows (%1)").arg(locale.toString(selected))
                                          : tr("&Selected rows (select more than one row first)"));
    // A selection of several rows is most likely what is meant.
    m_ui->selectedRowsButton->setChecked(offerSelection);
    m_ui->noteLabel->hide();
    QPushButton *ok = exportButton();
    ok->setText(tr("&Export…"));
    ok->setAccessibleName(tr("Export"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

ExportDialog::~ExportDialog() = default;

void ExportDialog::setNote(const QString &note)
{
    m_ui->noteLabel->setText(note);
    m_ui->noteLabel->setVisible(!note.isEmpty());
}

bool ExportDialog::selectedOnly() const
{
    return m_ui->selectedRowsButton->isChecked();
}

bool ExportDialog::headerRow() const
{
    return m_ui->headerRowCheckBox->isChecked();
}

bool ExportDialog::byteOrderMark() const
{
    return m_ui->byteOrderMarkCheckBox->isChecked();
}

QPushButton *ExportDialog::exportButton() const
{
    return m_ui->buttonBox->button(QDialogButtonBox::Ok);
}
