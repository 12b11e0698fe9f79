#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

// The real profile-admin binary, run the way cron or a shell script runs it: no terminal (stdin is
// /dev/null), no display, no DATABASE_URL unless given. Synchronously with run(), or started and waited
// for later, so a test can provoke a fault while `fix` is in the middle of its work.
class CliRun
{
public:
    struct Result
    {
        int exitCode = -1; // -1: crashed or timed out
        QByteArray out;
        QByteArray err;

        QJsonObject json() const;
        // "exit N / stdout / stderr", for failure messages.
        QByteArray describe() const;
        // The error contract: one line on stderr, "profile-admin COMMAND: ...", ending with a period.
        bool isOneSentence(const QString &command) const;
        bool mentions(const QString &text) const
        {
            return out.contains(text.toUtf8()) || err.contains(text.toUtf8());
        }
    };

    // `environment` adds or replaces variables.
    explicit CliRun(const QStringList &arguments, const QMap<QString, QString> &environment = {});
    ~CliRun();
    CliRun(const CliRun &) = delete;
    CliRun &operator=(const CliRun &) = delete;

    // Runs the binary as another user (setpriv), for faults that root does not see (file permissions).
    void setUser(int uid, int gid);
    // Runs this file instead of PROFILE_ADMIN_BINARY (a copy another user can reach).
    void setBinary(const QString &path) { m_binary = path; }
    void start();
    bool isRunning() const;
    qint64 processId() const;
    // Waits until the process ends (at most `timeoutMs`, then kills it and reports exit -1).
    Result wait(int timeoutMs = 300000);

    static Result run(const QStringList &arguments, const QMap<QString, QString> &environment = {});
    // The binary under test (PROFILE_ADMIN_BINARY, a compile definition).
    static QString binary();

private:
    QStringList m_arguments;
    QMap<QString, QString> m_environment;
    QString m_binary = binary();
    int m_uid = -1;
    int m_gid = -1;
    std::unique_ptr<QProcess> m_process;
};
