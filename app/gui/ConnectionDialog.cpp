#include "ConnectionDialog.h"

#include "ui_ConnectionDialog.h"

#include "DatabaseEngine.h"
#include "FileDialog.h"
#include "RecentConnections.h"

#include <QDir>
#include <QFileInfo>
#include <QIntValidator>
#include <QPushButton>
#include <QStandardPaths>
#include <QUrl>

namespace {

enum Tab { PostgresTab, SqliteTab, UrlTab };

} // namespace

ConnectionDialog::ConnectionDialog(const DiscoveryOverrides &overrides, QWidget *parent)
    : QDialog(parent)
    , m_ui(new Ui::ConnectionDialog)
    , m_overrides(overrides)
{
    m_ui->setupUi(this);
    m_ui->buttonBox->button(QDialogButtonBox::Open)->setAccessibleName(tr("Open"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    m_ui->portEdit->setValidator(new QIntValidator(1, 65535, this));
    m_ui->serverKindCombo->addItem(QStringLiteral("PostgreSQL"), QStringLiteral("postgres"));
    m_ui->serverKindCombo->addItem(QStringLiteral("MySQL or MariaDB"), QStringLiteral("mysql"));
    serverKindChosen();
    connect(m_ui->serverKindCombo, &QComboBox::currentIndexChanged, this,
            &ConnectionDialog::serverKindChosen);
    m_ui->messageLabel->hide();

    // Offer only what this Qt can open, and say so instead of failing later.
    const DatabaseEngine &postgres = DatabaseEngine::forKind(DatabaseUrl::Kind::PostgreSQL);
    if (!postgres.isDriverAvailable()) {
        m_ui->postgresNote->setText(postgres.missingDriverMessage());
        for (QWidget *field :
             {static_cast<QWidget *>(m_ui->hostEdit), static_cast<QWidget *>(m_ui->portEdit),
              static_cast<QWidget *>(m_ui->databaseEdit), static_cast<QWidget *>(m_ui->userEdit),
              static_cast<QWidget *>(m_ui->sslModeCombo)})
            field->setEnabled(false);
    } else {
        m_ui->postgresNote->hide();
    }

    const QStringList recent = RecentConnections::list();
    m_ui->recentList->addItems(recent);
    m_ui->recentList->setVisible(!recent.isEmpty());
    m_ui->recentLabel->setVisible(!recent.isEmpty());

    connect(m_ui->recentList, &QListWidget::currentItemChanged, this, &ConnectionDialog::recentChosen);
    connect(m_ui->recentList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        recentChosen(item);
        accept();
    });
    connect(m_ui->browseButton, &QPushButton::clicked, this, &ConnectionDialog::browse);
    connect(m_ui->kindTabs, &QTabWidget::currentChanged, this, [this](int tab) {
        m_ui->passwordEdit->setEnabled(tab != SqliteTab);
        // A message about what another tab held would be read as one about this tab.
        m_ui->messageLabel->hide();
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    m_ui->kindTabs->setCurrentIndex(PostgresTab);
    m_ui->hostEdit->setFocus();
}

ConnectionDialog::~ConnectionDialog() = default;

bool ConnectionDialog::mysqlChosen() const
{
    return m_ui->serverKindCombo->currentData().toString() == QLatin1String("mysql");
}

void ConnectionDialog::serverKindChosen()
{
    // The two servers name their TLS modes differently, and fall back on different defaults.
    const bool mysql = mysqlChosen();
    m_ui->sslModeCombo->clear();
    m_ui->sslModeCombo->addItem(mysql ? tr("the client's default") : tr("libpq's default"), QString());
    const QStringList modes = mysql ? QStringList{QStringLiteral("DISABLED"), QStringLiteral("PREFERRED"),
                                                  QStringLiteral("REQUIRED")}
                                    : QStringList{QStringLiteral("disable"),   QStringLiteral("allow"),
                                                  QStringLiteral("prefer"),    QStringLiteral("require"),
                                                  QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
    for (const QString &mode : modes)
        m_ui->sslModeCombo->addItem(mode, mode);
    m_ui->hostEdit->setPlaceholderText(mysql ? tr("empty: the local socket, or ~/.my.cnf")
                                             : tr("empty: the local socket, or PGHOST"));
    m_ui->portEdit->setPlaceholderText(mysql ? tr("empty: 3306, or ~/.my.cnf")
                                             : tr("empty: 5432, or PGPORT"));
    m_ui->userEdit->setPlaceholderText(mysql ? tr("empty: ~/.my.cnf, or your login name")
                                             : tr("empty: your login name, or PGUSER"));
}

void ConnectionDialog::setUrl(const DatabaseUrl &url)
{
    if (url.kind() == DatabaseUrl::Kind::SQLite) {
        m_ui->fileEdit->setText(url.filePath());
        m_ui->kindTabs->setCurrentIndex(SqliteTab);
        return;
    }
    if (url.kind() != DatabaseUrl::Kind::PostgreSQL && url.kind() != DatabaseUrl::Kind::MySQL)
        return;
    const bool mysql = url.kind() == DatabaseUrl::Kind::MySQL;
    m_ui->serverKindCombo->setCurrentIndex(mysql ? 1 : 0);
    const QString sslKey = mysql ? QStringLiteral("ssl-mode") : QStringLiteral("sslmode");
    m_ui->hostEdit->setText(url.host());
    m_ui->portEdit->setText(url.port() > 0 ? QString::number(url.port()) : QString());
    m_ui->databaseEdit->setText(url.databaseName());
    m_ui->userEdit->setText(url.user());
    m_ui->passwordEdit->setText(url.password());
    const int ssl = m_ui->sslModeCombo->findData(url.options().value(sslKey));
    m_ui->sslModeCombo->setCurrentIndex(qMax(0, ssl));
    // Options the fields cannot show (connect_timeout, ...) live in the URL form.
    auto others = url.options();
    others.remove(sslKey);
    m_ui->urlEdit->setText(url.toStorableString());
    m_ui->kindTabs->setCurrentIndex(others.isEmpty() ? PostgresTab : UrlTab);
}

void ConnectionDialog::showMessage(const QString &message, bool askForPassword)
{
    QFont font = m_ui->messageLabel->font();
    font.setBold(true);
    m_ui->messageLabel->setFont(font);
    m_ui->messageLabel->setText(
        askForPassword ? tr("%1\nThe server wants a password: type it below and press Open.").arg(message)
                       : message);
    m_ui->messageLabel->show();
    if (askForPassword) {
        m_ui->passwordEdit->setEnabled(true);
        m_ui->passwordEdit->setFocus();
        m_ui->passwordEdit->selectAll();
    }
}

DatabaseUrl ConnectionDialog::urlFromForm(QString *error) const
{
    QString text;
    switch (m_ui->kindTabs->currentIndex()) {
    case PostgresTab: {
        if (m_ui->databaseEdit->text().trimmed().isEmpty()) {
            *error = tr("Type the name of the database.");
            return {};
        }
        // Built as a URL so that DatabaseUrl alone decides what is valid; the password never goes into it.
        text = mysqlChosen() ? QStringLiteral("mysql://") : QStringLiteral("postgres://");
        const QString user = m_ui->userEdit->text().trimmed();
        if (!user.isEmpty())
            text += QString::fromUtf8(QUrl::toPercentEncoding(user)) + QLatin1Char('@');
        text += m_ui->hostEdit->text().trimmed();
        if (!m_ui->portEdit->text().trimmed().isEmpty())
            text += QLatin1Char(':') + m_ui->portEdit->text().trimmed();
        text += QLatin1Char('/') +
                QString::fromUtf8(QUrl::toPercentEncoding(m_ui->databaseEdit->text().trimmed()));
        const QString ssl = m_ui->sslModeCombo->currentData().toString();
        if (!ssl.isEmpty())
            text += (mysqlChosen() ? QStringLiteral("?ssl-mode=") : QStringLiteral("?sslmode=")) + ssl;
        break;
    }
    case SqliteTab:
        text = m_ui->fileEdit->text().trimmed();
        if (text.isEmpty()) {
            *error = tr("Choose the SQLite file (Browse…).");
            return {};
        }
        break;
    default:
        text = m_ui->urlEdit->text().trimmed();
        break;
    }
    DatabaseUrl url = DatabaseUrl::parse(text, error);
    if (url.isValid() && url.kind() != DatabaseUrl::Kind::SQLite && !m_ui->passwordEdit->text().isEmpty())
        url.setPassword(m_ui->passwordEdit->text());
    return url;
}

void ConnectionDialog::accept()
{
    QString error;
    const DatabaseUrl url = urlFromForm(&error);
    if (!url.isValid()) {
        showMessage(error);
        return;
    }
    const quint64 attempt = ++m_attempt;
    setBusy(true);
    m_ui->messageLabel->setFont(font());
    m_ui->messageLabel->setText(tr("Connecting to %1…").arg(url.toDisplayString()));
    m_ui->messageLabel->show();
    ConnectionProbe::start(url, m_overrides, this,
                           [this, attempt, url](const ProbeResult &result) { probed(attempt, url, result); });
}

void ConnectionDialog::reject()
{
    ++m_attempt;
    QDialog::reject();
}

void ConnectionDialog::probed(quint64 attempt, const DatabaseUrl &url, const ProbeResult &result)
{
    if (attempt != m_attempt)
        return;
    setBusy(false);
    if (!result.connected) {
        showMessage(result.error, result.passwordRequired);
        return;
    }
    if (!result.discovery.ok()) {
        showMessage(result.discovery.message);
        return;
    }
    m_url = url;
    m_result = result;
    QDialog::accept();
}

void ConnectionDialog::setBusy(bool busy)
{
    m_ui->kindTabs->setEnabled(!busy);
    m_ui->recentList->setEnabled(!busy);
    m_ui->passwordEdit->setEnabled(!busy && m_ui->kindTabs->currentIndex() != SqliteTab);
    m_ui->buttonBox->button(QDialogButtonBox::Open)->setEnabled(!busy);
}

void ConnectionDialog::browse()
{
    const QString current = m_ui->fileEdit->text();
    const QString folder = current.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::HomeLocation)
                                             : QFileInfo(current).absolutePath();
    const QString file =
        FileDialog::getOpenFileName(this, tr("Open SQLite database"), folder,
                                    tr("SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)"));
    if (!file.isEmpty())
        m_ui->fileEdit->setText(QDir::toNativeSeparators(file));
}

void ConnectionDialog::recentChosen(QListWidgetItem *item)
{
    if (!item)
        return;
    QString error;
    const DatabaseUrl url = DatabaseUrl::parse(item->text(), &error);
    if (url.isValid())
        setUrl(url);
    else
        showMessage(error);
}
