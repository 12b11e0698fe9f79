#include "ConnectionProbe.h"

#include "Connection.h"

#include <QPointer>
#include <QThread>

void ConnectionProbe::start(const DatabaseUrl &url, const DiscoveryOverrides &overrides, QObject *context,
                            std::function<void(const ProbeResult &)> done)
{
    QThread *thread = QThread::create([url, overrides, receiver = QPointer<QObject>(context), done] {
        ProbeResult result;
        {
            Connection connection(url, QStringLiteral("probe"));
            result.connected = connection.isOpen();
            result.passwordRequired = connection.passwordRequired();
            result.error = connection.errorText();
            if (result.connected)
                result.discovery = SchemaDiscovery(connection.database()).discover(overrides);
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
