#include "KeepItFixedDialog.h"

#include "ui_KeepItFixedDialog.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QPushButton>

KeepItFixedDialog::KeepItFixedDialog(const QString &code, QWidget *parent)
    : QDialog(parent)
    , m_ui(new Ui::KeepItFixedDialog)
{
    m_ui->setupUi(this);
    QFont mono = m_ui->codeView->font();
    mono.setStyleHint(QFont::Monospace);
    mono.setFamily(QStringLiteral("monospace"));
    m_ui->codeView->setFont(mono);
    m_ui->codeView->setPlainText(code);
    m_copy = m_ui->buttonBox->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    m_copy->setAccessibleName(tr("Copy"));
    m_copy->setToolTip(tr("Put the whole code on the clipboard"));
    m_ui->buttonBox->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    connect(m_copy, &QPushButton::clicked, this, &KeepItFixedDialog::copy);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_copy->setDefault(true);
    m_copy->setFocus();
}

KeepItFixedDialog::~KeepItFixedDialog() = default;

void KeepItFixedDialog::copy()
{
    QGuiApplication::clipboard()->setText(m_ui->codeView->toPlainText());
}
