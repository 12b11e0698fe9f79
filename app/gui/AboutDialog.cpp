#include "AboutDialog.h"

#include "Icons.h"
#include "ProductInfo.h"
#include "ui_AboutDialog.h"

#include <QPushButton>

namespace {

// Edge of the icon in device-independent pixels; drawn at the screen's pixel ratio, so sharp on high-DPI.
constexpr int IconSize = 64;

QString link(const QString &url, const QString &text)
{
    return QStringLiteral("<a href=\"%1\">%2</a>").arg(url.toHtmlEscaped(), text.toHtmlEscaped());
}

} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(new Ui::AboutDialog)
{
    m_ui->setupUi(this);
    m_ui->iconLabel->setPixmap(
        Icons::icon(QStringLiteral("profile-admin")).pixmap(QSize(IconSize, IconSize), devicePixelRatioF()));
    m_ui->versionLabel->setText(
        QStringLiteral("<b>%1</b>").arg(tr("profile-admin %1").arg(ProductInfo::version()).toHtmlEscaped()));
    m_ui->licenceLabel->setText(
        tr("Copyright © 2026 The profile-admin developers.<br>Free software under the %1: you may use, "
           "change and share it, without warranty.")
            .arg(link(homepage() + QStringLiteral("/blob/main/LICENSE"), ProductInfo::licenseName())));
    m_ui->linksLabel->setText(
        QStringLiteral("%1<br>%2<br>%3")
            .arg(link(homepage(), tr("Home page")),
                 link(homepage() + QStringLiteral("/issues"), tr("Report a problem")),
                 tr("Manual: %1").arg(QStringLiteral("<code>man profile-admin</code>"))));
    QPushButton *close = m_ui->buttonBox->button(QDialogButtonBox::Close);
    close->setAccessibleName(tr("Close"));
    close->setDefault(true);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    close->setFocus(Qt::OtherFocusReason);
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::homepage()
{
    return QStringLiteral(PROFILE_ADMIN_HOMEPAGE);
}
