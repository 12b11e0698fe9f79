#include "MissingProfilesBar.h"

#include "ui_MissingProfilesBar.h"

#include "Icons.h"
#include "StateColors.h"

#include <QAction>
#include <QEvent>
#include <QLocale>
#include <QStyle>

MissingProfilesBar::MissingProfilesBar(QWidget *parent)
    : QFrame(parent)
    , m_ui(new Ui::MissingProfilesBar)
{
    m_ui->setupUi(this);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    applyStateColours();
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_ui->iconLabel->setPixmap(Icons::icon(QStringLiteral("no-profile")).pixmap(iconSize, iconSize));
    m_ui->closeButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    connect(m_ui->showThemButton, &QPushButton::clicked, this, &MissingProfilesBar::showRequested);
    connect(m_ui->closeButton, &QToolButton::clicked, this, [this] {
        m_closed = true;
        hide();
    });
    hide();
}

MissingProfilesBar::~MissingProfilesBar() = default;

void MissingProfilesBar::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    // A switch between light and dark themes would otherwise leave the previous theme's amber behind.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyStateColours();
}

void MissingProfilesBar::applyStateColours()
{
    QPalette colours = palette();
    const QColor background = StateColors::missingProfileBackground(colours);
    const QColor text = StateColors::missingProfileText(colours);
    // Setting the palette sends another PaletteChange: only a real change may set it.
    if (colours.color(QPalette::Window) == background && colours.color(QPalette::WindowText) == text)
        return;
    colours.setColor(QPalette::Window, background);
    colours.setColor(QPalette::WindowText, text);
    setPalette(colours);
}

void MissingProfilesBar::setCreateAction(QAction *createMissing)
{
    m_ui->createMissingButton->setDefaultAction(createMissing);
}

void MissingProfilesBar::reset()
{
    m_closed = false;
    setCounts(-1, -1);
}

void MissingProfilesBar::setCounts(qint64 users, qint64 missing, int tables)
{
    if (missing <= 0 || m_closed) {
        hide();
        return;
    }
    const QString count = QLocale().toString(missing);
    QString who = missing == 1 ? tr("1 user has no profile.")
                               : tr("%1 of %2 users have no profile.").arg(count, QLocale().toString(users));
    if (tables > 1)
        who = missing == 1 ? tr("1 user lacks a profile in some of the %1 profile tables.").arg(tables)
                           : tr("%1 of %2 users lack a profile in some of the %3 profile tables.")
                                 .arg(count, QLocale().toString(users))
                                 .arg(tables);
    m_ui->messageLabel->setText(
        tr("%1 For them, every page that reads user.profile raises RelatedObjectDoesNotExist.").arg(who));
    show();
}
