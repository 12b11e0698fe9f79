#pragma once

#include "DjangoProject.h"

#include <QElapsedTimer>
#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

// What creating profiles through the site's ORM came to.
struct DjangoCreateResult
{
    bool ok = false;
    bool cancelled = false;
    QMap<QString, qint64> createdByTable;
    qint64 created = 0;
    double seconds = 0;
    QString errorText; // one sentence, then the last lines of Python's traceback
};
Q_DECLARE_METATYPE(DjangoCreateResult)

// Runs the project's own Python on its manage.py with profile-admin's helper script (a resource of this
// library): to learn what the project says about itself, and to create profiles through its ORM. Nothing
// here needs Python unless a project is given.
class DjangoProcess final : public QObject
{
    Q_OBJECT

public:
    // Seconds the introspection may take: importing a large project's settings and apps.
    static constexpr int IntrospectionTimeoutMs = 60000;

    // `python` as given (--python), else bin/python of a virtualenv next to manage.py (venv, .venv, env),
    // else python3 from PATH.
    DjangoProcess(const QString &managePy, const QString &python, QObject *parent = nullptr);
    ~DjangoProcess() override;

    QString managePy() const { return m_managePy; }
    QString interpreter() const { return m_python; }
    static QString interpreterFor(const QString &managePy, const QString &python);

    // Runs the introspection and waits for it; an invalid project and `error` set on failure.
    DjangoProject introspect(QString *error, int timeoutMs = IntrospectionTimeoutMs);

    // Starts creating every missing profile of `tables` through the ORM in one transaction.atomic();
    // `values` holds, per table, the --set values (column -> text, turned into values by the model's
    // fields). `secret` (the database password) is masked in every message.
    void startCreate(const QStringList &tables, const QMap<QString, QMap<QString, QString>> &values,
                     const QString &secret = {});
    // The same, waiting for the end without an event loop (the command line); progress() is emitted.
    DjangoCreateResult createNow(const QStringList &tables,
                                 const QMap<QString, QMap<QString, QString>> &values,
                                 const QString &secret = {});
    // Asks the run to stop: its stdin is closed and it gets SIGTERM; its atomic block rolls back and
    // finished() reports it cancelled.
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void progress(const QString &table, qint64 done, qint64 total);
    void finished(const DjangoCreateResult &result);

private:
    void readLines();
    void handleLine(const QByteArray &line);
    void processEnded();
    QString masked(QString text) const;
    QString failure(const QString &what) const;
    static QString script();

    QString m_managePy;
    QString m_python;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_pending;
    QByteArray m_stderr;
    QByteArray m_project;
    QString m_secret;
    QString m_error;
    bool m_cancelled = false;
    bool m_done = false;
    bool m_finishedEmitted = false;
    DjangoCreateResult m_result;
    QElapsedTimer m_clock;
};
