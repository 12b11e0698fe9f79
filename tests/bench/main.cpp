// profile-admin-bench: the benchmark of docs/performance.md. It reports figures and PASS/FAIL per target; it
// is no ctest test and asserts nothing about time.
#include "BenchGrowthTables.h"
#include "BenchOptions.h"
#include "BenchReport.h"
#include "FixupBenchmark.h"
#include "Interruption.h"
#include "MariadbDataset.h"
#include "MariadbServer.h"
#include "ModelBenchmark.h"
#include "PostgresDataset.h"
#include "PostgresServer.h"
#include "SqliteDataset.h"

#ifdef PA_BENCH_WITH_WIDGETS
#include <QApplication>
#else
#include <QCoreApplication>
#endif
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>

#include <memory>

namespace {

QTextStream &log()
{
    static QTextStream err(stderr);
    return err;
}

QString folderFor(const BenchOptions &options, std::unique_ptr<QTemporaryDir> &temporary, QString *error)
{
    if (!options.workDir.isEmpty()) {
        if (!QDir().mkpath(options.workDir)) {
            *error = QStringLiteral("Could not create %1.").arg(options.workDir);
            return {};
        }
        return QDir(options.workDir).absolutePath();
    }
    temporary = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/profile-admin-bench-XXXXXX"));
    if (!temporary->isValid()) {
        *error = QStringLiteral("Could not create a folder under /tmp: %1").arg(temporary->errorString());
        return {};
    }
    // The postgres user must be able to reach the cluster folder inside it.
    QFile::setPermissions(temporary->path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                                 QFile::ExeGroup | QFile::ExeOther);
    return temporary->path();
}

// The MariaDB server and dataset of --databases mariadb: a throwaway server on a free port, or --mariadb-url.
std::unique_ptr<MariadbServer> mariadbServer(const BenchOptions &options, const QString &folder,
                                             QString *error)
{
    if (!options.mariadbUrl.isEmpty()) {
        const DatabaseUrl url = DatabaseUrl::parse(options.mariadbUrl, error);
        if (url.kind() != DatabaseUrl::Kind::MySQL) {
            *error = QStringLiteral("--mariadb-url: %1")
                         .arg(error->isEmpty() ? QStringLiteral("not a mysql:// URL.") : *error);
            return {};
        }
        return std::make_unique<MariadbServer>(url);
    }
    const int port = options.mariadbPort > 0 ? options.mariadbPort
                                             : MariadbServer::freePort(BenchOptions::DefaultMariadbPort);
    if (port == 0 || !MariadbServer::isPortFree(port)) {
        *error = QStringLiteral(
                     "No free port for the throwaway MariaDB server (%1 is taken); pass --mariadb-port.")
                     .arg(port == 0 ? BenchOptions::DefaultMariadbPort : port);
        return {};
    }
    log() << "[mariadb] starting a throwaway server on 127.0.0.1:" << port << "..." << Qt::endl;
    return std::make_unique<MariadbServer>(
        QDir(options.sourceDir).filePath(QStringLiteral("tests/support/mariadbtest.sh")),
        QDir(folder).filePath(QStringLiteral("mariadb")), port);
}

// Measures one size on one dataset; errors land in the case, so the other sizes and engines still run.
// One user in `missingEvery` lacks a profile.
BenchCase measure(Dataset &dataset, qint64 users, qint64 missingEvery, const BenchOptions &options)
{
    BenchCase result;
    result.key = dataset.key();
    result.users = users;
    result.sparse = missingEvery > 2;
    result.schemaSource = dataset.schemaSource();
    log() << "[" << dataset.key() << " " << users << "] building the database..." << Qt::endl;
    if (!dataset.build(users, missingEvery, &result.error)) {
        result.engine = dataset.engine();
        return result;
    }
    result.engine = dataset.engine();
    result.durability = dataset.durability();
    result.buildSeconds = dataset.buildSeconds();
    log() << "[" << dataset.key() << " " << users << "] built in " << result.buildSeconds
          << " s; timing the fix-up, the floor and the loop..." << Qt::endl;

    if (options.fixup) {
        FixupBenchmark fixup(dataset, users, options);
        result.fixupMeasured = fixup.run(&result.fixup, &result.error);
        if (!result.fixupMeasured)
            return result;
    }

    if (!options.models) {
        result.models.note = QStringLiteral("skipped (--no-models)");
    } else if (!ModelBenchmark::available()) {
        ModelBenchmark(DatabaseUrl()).run(&result.models, &result.error);
    } else if (!Interruption::requested()) {
        log() << "[" << dataset.key() << " " << users << "] timing the GUI models..." << Qt::endl;
        const DatabaseUrl url = dataset.copy(QStringLiteral("models"), &result.error);
        if (url.isValid()) {
            dataset.settle();
            ModelBenchmark(url).run(&result.models, &result.error);
            dataset.drop(url);
        }
    }
    return result;
}

} // namespace

int main(int argc, char **argv)
{
#ifdef PA_BENCH_WITH_WIDGETS
    // The views are driven without a screen (and never shown on one, even on a desktop).
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
#else
    QCoreApplication app(argc, argv);
#endif
    QCoreApplication::setApplicationName(QStringLiteral("profile-admin-bench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROFILE_ADMIN_VERSION));
    int exitCode = 0;
    const BenchOptions options = BenchOptions::parse(QCoreApplication::arguments(), &exitCode);
    if (!options.ok)
        return exitCode;
    Interruption::install();

    QString error;
    std::unique_ptr<QTemporaryDir> temporary;
    const QString folder = folderFor(options, temporary, &error);
    if (folder.isEmpty()) {
        log() << "profile-admin-bench: " << error << Qt::endl;
        return 2;
    }

    BenchReport report;
    QTextStream out(stdout);
    for (const QString &engine : options.databases) {
        if (Interruption::requested())
            break;
        std::unique_ptr<PostgresServer> server;
        std::unique_ptr<MariadbServer> mariadb;
        std::unique_ptr<Dataset> dataset;
        if (engine == QLatin1String("sqlite")) {
            dataset = std::make_unique<SqliteDataset>(folder);
        } else if (engine == QLatin1String("mariadb")) {
            mariadb = mariadbServer(options, folder, &error);
            if (!mariadb || !mariadb->start(&error)) {
                BenchCase failed;
                failed.key = engine;
                failed.engine = QStringLiteral("MariaDB");
                failed.error = error;
                report.add(failed);
                report.printCase(out, failed);
                continue;
            }
            dataset = std::make_unique<MariadbDataset>(*mariadb, options.python, options.sourceDir);
        } else {
            if (options.pgUrl.isEmpty()) {
                server = std::make_unique<PostgresServer>(
                    QDir(options.sourceDir).filePath(QStringLiteral("tests/support/pgtest.sh")),
                    QDir(folder).filePath(QStringLiteral("pg")), options.pgPort, options.pgDurable);
                log() << "[postgresql] starting a throwaway cluster on 127.0.0.1:" << options.pgPort << "..."
                      << Qt::endl;
            } else {
                const DatabaseUrl url = DatabaseUrl::parse(options.pgUrl, &error);
                if (url.kind() != DatabaseUrl::Kind::PostgreSQL) {
                    log() << "profile-admin-bench: --pg-url: "
                          << (error.isEmpty() ? QStringLiteral("not a PostgreSQL URL.") : error) << Qt::endl;
                    return 2;
                }
                server = std::make_unique<PostgresServer>(url);
            }
            if (!server->start(&error)) {
                BenchCase failed;
                failed.key = engine;
                failed.engine = QStringLiteral("PostgreSQL");
                failed.error = error;
                report.add(failed);
                report.printCase(out, failed);
                continue;
            }
            dataset = std::make_unique<PostgresDataset>(*server, options.python, options.sourceDir,
                                                        engine != QLatin1String("postgresql-unanalysed"));
        }
        const bool unanalysed = engine == QLatin1String("postgresql-unanalysed");
        for (const qint64 users : unanalysed ? options.unanalysedSizes : options.sizes) {
            if (Interruption::requested())
                break;
            const BenchCase result = measure(*dataset, users, 2, options);
            report.add(result);
            report.printCase(out, result);
        }
        for (const qint64 users : unanalysed ? QList<qint64>() : options.sparseSizes) {
            if (Interruption::requested())
                break;
            const BenchCase result = measure(*dataset, users, users / options.sparseMissing, options);
            report.add(result);
            report.printCase(out, result);
        }
        dataset->cleanUp();
        dataset.reset(); // closes its connections before the server goes away
        server.reset();
        mariadb.reset();
    }

    report.printSummary(out);
    printGrowthTables(out, report.cases());
    if (!options.jsonPath.isEmpty() && !report.writeJson(options.jsonPath, &error)) {
        log() << "profile-admin-bench: " << error << Qt::endl;
        return 2;
    }
    if (Interruption::requested())
        return 130;
    if (report.errors() > 0)
        return 2;
    return report.failures() > 0 ? 1 : 0;
}
