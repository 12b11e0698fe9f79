#pragma once

#include "ConnectionProbe.h"
#include "DatabaseUrl.h"
#include "SchemaDiscovery.h"

#include <QDialog>
#include <QScopedPointer>

namespace Ui {
class ConnectionDialog;
}
class QListWidgetItem;

// "Open database…": PostgreSQL fields, an SQLite file picker or a URL, and the recent connections (stored
// without passwords). Open tries the database on a thread of its own and stays open with the error, or with a
// request for the password when the server wants one; it closes only on a database profile-admin can use.
class ConnectionDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectionDialog(const DiscoveryOverrides &overrides, QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    // Fills the form with `url`, its password included.
    void setUrl(const DatabaseUrl &url);
    // Shows `message` in the dialog; with `askForPassword` the password field is focused for the answer.
    void showMessage(const QString &message, bool askForPassword = false);
    // After accept(): the database that opened, with the password typed, and what discovery found in it.
    DatabaseUrl url() const { return m_url; }
    const ProbeResult &result() const { return m_result; }

    void accept() override;
    void reject() override;

private:
    DatabaseUrl urlFromForm(QString *error) const;
    void probed(quint64 attempt, const DatabaseUrl &url, const ProbeResult &result);
    void setBusy(bool busy);
    void browse();
    void recentChosen(QListWidgetItem *item);
    // The server kind decides the URL scheme and which SSL modes are offered.
    bool mysqlChosen() const;
    void serverKindChosen();

    const QScopedPointer<Ui::ConnectionDialog> m_ui;
    const DiscoveryOverrides m_overrides;
    DatabaseUrl m_url;
    ProbeResult m_result;
    // Counts the tries: the answer of a try the user has given up on is ignored.
    quint64 m_attempt = 0;
};
