#include "CommandRunner.h"

#include "CheckCommand.h"
#include "DriverNoiseFilter.h"
#include "FixCommand.h"
#include "SchemaCommand.h"

namespace {

std::unique_ptr<Command> makeCommand(const QString &name, CommandIo io)
{
    if (name == QLatin1String("check"))
        return std::make_unique<CheckCommand>(io);
    if (name == QLatin1String("fix"))
        return std::make_unique<FixCommand>(io);
    if (name == QLatin1String("schema"))
        return std::make_unique<SchemaCommand>(io);
    return nullptr;
}

} // namespace

bool CommandRunner::isCommand(const QString &name)
{
    return name == QLatin1String("check") || name == QLatin1String("fix") || name == QLatin1String("schema");
}

int CommandRunner::run(const QStringList &arguments, CommandIo io)
{
    const auto command = makeCommand(arguments.value(1), io);
    if (!command) {
        io.err << "profile-admin: unknown command \"" << arguments.value(1) << "\"; see profile-admin --help."
               << Qt::endl;
        return Command::Error;
    }
    const DriverNoiseFilter quiet;
    return command->execute(arguments);
}

QString CommandRunner::usage()
{
    return QStringLiteral(
        "Usage:\n"
        "  profile-admin [DATABASE]       open the main window (last database, or the demo on first launch)\n"
        "  profile-admin --demo           open the demo database\n"
        "  profile-admin check  [DATABASE] [--json]                      count users without a profile, per "
        "table\n"
        "  profile-admin fix    [DATABASE] [--dry-run] [--yes] [--json]  create the missing profiles\n"
        "                       [--all]                                  ... in every profile table at once\n"
        "  profile-admin schema [DATABASE] [--json]                      show what was discovered\n"
        "\n"
        "DATABASE is postgres://[user[:password]@][host][:port]/dbname[?sslmode=...&connect_timeout=...],\n"
        "sqlite:///relative.db, sqlite:////absolute.db or the path of an SQLite file; without it the\n"
        "commands read DATABASE_URL. Prefer ~/.pgpass or PGPASSWORD to a password in the URL.\n"
        "\n"
        "Shared options: --user-table T, --profile-table T (repeatable), --link-column C,\n"
        "--set [TABLE.]COLUMN=VALUE (repeatable; TABLE. needed when several tables are acted on),\n"
        "--help, --version. Exit codes: 0 done / nothing missing, 1 (check) some missing, 2 error.\n");
}
