#include "MigratedSchemas.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLockFile>

#include <unistd.h>

namespace MigratedSchemas {

bool enabled()
{
    return qEnvironmentVariable("PA_TEST_NO_SCHEMA_CACHE") != QLatin1String("1");
}

QString siteFingerprint(const QString &siteDir)
{
    static const QString fingerprint = [&siteDir] {
        QStringList files;
        QDirIterator it(siteDir, {QStringLiteral("*.py")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files.append(it.next());
        // Sorted, so that the hash does not depend on the order the file system lists them in.
        files.sort();
        QCryptographicHash hash(QCryptographicHash::Sha1);
        for (const QString &path : files) {
            QFile file(path);
            hash.addData(QDir(siteDir).relativeFilePath(path).toUtf8());
            if (file.open(QIODevice::ReadOnly))
                hash.addData(file.readAll());
        }
        return QString::fromLatin1(hash.result().toHex().left(12));
    }();
    return fingerprint;
}

QString sqliteFolder()
{
    const QString folder =
        QDir::tempPath() + QStringLiteral("/profile-admin-test-schemas-%1").arg(::getuid());
    QDir().mkpath(folder);
    return folder;
}

bool makeOnce(const QString &key, const std::function<bool()> &isMade,
              const std::function<bool(QString *error)> &make, QString *error)
{
    QLockFile lock(sqliteFolder() + QLatin1Char('/') + key + QStringLiteral(".lock"));
    // A lock is stale only when its process is gone, never because migrate is slow on a busy machine.
    lock.setStaleLockTime(0);
    if (!lock.tryLock(600000)) {
        if (error)
            *error =
                QStringLiteral("waited 600 s for another test process to migrate the schema %1").arg(key);
        return false;
    }
    return isMade() || make(error);
}

} // namespace MigratedSchemas
