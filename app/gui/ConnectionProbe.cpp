#include "ConnectionProbe.h"

#include "DatabaseSession.h"

#include <QPointer>
#include <QThread>

void ConnectionProbe::start(const DatabaseUrl &url, const DiscoveryOverrides &overrides, QObject *context,
                            std::function<void(const ProbeResult &)> done)
{
    QThread *thread = QThread::create([url, overrides, receiver = QPointer<QObject>(context), done] {
        ProbeResult result;
        {
            const DatabaseSession session(url,
                                          {QStringLiteral("probe"), Connection::Mode::ReadWrite, overrides});
            result.connected = session.isConnected();
            result.passwordRequired = session.passwordRequired();
            result.error = session.isConnected() ? QString() : session.errorText();
            result.discovery = session.discovery();
        }
        // The thread object lives on the caller's thread: the call runs there, and before the object's
        // deleteLater(), which finished() queues after it.
        QMetaObject::invokeMethod(
            QThread::currentThread(),
            [receiver, done, result] {
                if (receiver)
                    done(result);
            },
            Qt::QueuedConnection);
    });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}
