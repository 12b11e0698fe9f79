#include "SetValueDialog.h"

#include "ui_SetValueDialog.h"

#include <QLocale>
#include <QPushButton>

SetValueDialog::SetValueDialog(int cells, const QStringList &columns, const QString &initial,
                               bool nullAllowed, QWidget *parent)
    : QDialog(parent)
    , m_ui(new Ui::SetValueDialog)
{
    m_ui->setupUi(this);
    m_ui->promptLabel->setText(
        tr("&Value for %1 of %2:")
            .arg(cells == 1 ? tr("1 cell") : tr("%1 cells").arg(QLocale().toString(cells)),
                 columns.join(QStringLiteral(", "))));
    m_ui->valueEdit->setText(initial);
    m_ui->valueEdit->selectAll();
    m_ui->nullCheckBox->setVisible(nullAllowed);
    QPushButton *ok = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    ok->setText(tr("Set value"));
    ok->setAccessibleName(tr("Set value"));
    ok->setDefault(true);
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    // NULL is no text: the field is off while it is chosen.
    connect(m_ui->nullCheckBox, &QCheckBox::toggled, m_ui->valueEdit, &QWidget::setDisabled);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_ui->valueEdit->setFocus(Qt::OtherFocusReason);
}

SetValueDialog::~SetValueDialog() = default;

QString SetValueDialog::text() const
{
    return m_ui->valueEdit->text();
}

bool SetValueDialog::isNull() const
{
    return m_ui->nullCheckBox->isVisibleTo(this) && m_ui->nullCheckBox->isChecked();
}
