#include "CommandRunner.h"

#include "CheckCommand.h"
#include "DriverNoiseFilter.h"
#include "FixCommand.h"
#include "ProductInfo.h"
#include "SchemaCommand.h"
#include "SharedOptions.h"
#include "SnippetCommand.h"

#include <QCommandLineParser>

namespace {

std::unique_ptr<Command> makeCommand(const QString &name, CommandIo io)
{
    if (name == QLatin1String("check"))
        return std::make_unique<CheckCommand>(io);
    if (name == QLatin1String("fix"))
        return std::make_unique<FixCommand>(io);
    if (name == QLatin1String("schema"))
        return std::make_unique<SchemaCommand>(io);
    if (name == QLatin1String("snippet"))
        return std::make_unique<SnippetCommand>(io);
    return nullptr;
}

// The arguments without the options QApplication takes for itself (-platform offscreen, -style fusion, ...),
// which the window may be given and which are not ours to refuse.
QStringList withoutQtOptions(const QStringList &arguments)
{
    static const QStringList withValue{
        QStringLiteral("platform"),        QStringLiteral("platformpluginpath"),
        QStringLiteral("platformtheme"),   QStringLiteral("plugin"),
        QStringLiteral("qwindowgeometry"), QStringLiteral("qwindowicon"),
        QStringLiteral("qwindowtitle"),    QStringLiteral("session"),
        QStringLiteral("style"),           QStringLiteral("stylesheet"),
        QStringLiteral("display"),         QStringLiteral("geometry")};
    static const QStringList alone{QStringLiteral("reverse"), QStringLiteral("widgetcount"),
                                   QStringLiteral("nograb"), QStringLiteral("dograb")};
    QStringList kept;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        const QString name = argument.startsWith(QLatin1String("--")) ? argument.mid(2)
                             : argument.startsWith(QLatin1Char('-'))  ? argument.mid(1)
                                                                      : QString();
        if (i > 0 && withValue.contains(name.section(QLatin1Char('='), 0, 0))) {
            if (!name.contains(QLatin1Char('=')))
                ++i;
            continue;
        }
        if (i > 0 && alone.contains(name))
            continue;
        kept << argument;
    }
    return kept;
}

} // namespace

bool CommandRunner::isCommand(const QString &name)
{
    return name == QLatin1String("check") || name == QLatin1String("fix") ||
           name == QLatin1String("schema") || name == QLatin1String("snippet");
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
               "  profile-admin [DATABASE]       open the main window (last database, or the demo on first "
               "launch)\n"
               "  profile-admin --demo           open the demo database\n"
               "  profile-admin check   [DATABASE] [--json] [--quiet] [--format prometheus]\n"
               "                        count users without a profile, per table\n"
               "  profile-admin fix     [DATABASE] [--dry-run] [--yes] [--json] [--all] [--sql FILE]\n"
               "                        create the missing profiles (--all: in every profile table at once;\n"
               "                        --sql: write the transaction as SQL for review, - for stdout, run "
               "nothing)\n"
               "  profile-admin schema  [DATABASE] [--json]   show what was discovered\n"
               "  profile-admin snippet [DATABASE]            print the Django code that keeps profiles "
               "coming\n"
               "  profile-admin COMMAND --help                a command's options\n"
               "\n"
               "DATABASE is "
               "postgres://[user[:password]@][host][:port]/dbname[?sslmode=...&connect_timeout=...],\n"
               "sqlite:///relative.db, sqlite:////absolute.db or the path of an SQLite file; without it the\n"
               "commands read DATABASE_URL. Prefer ~/.pgpass or PGPASSWORD to a password in the URL.\n"
               "\n"
               "Shared options: --user-table T, --profile-table T (repeatable), --link-column C,\n"
               "--set [TABLE.]COLUMN=VALUE (repeatable; TABLE. needed when several tables are acted on),\n"
               "--help, --version.\n"
               "\n") +
           Command::exitStatusHelp();
}

int CommandRunner::runProgramOptions(const QStringList &arguments, CommandIo io, bool *handled)
{
    // The window's own options, checked here so that a mistake is reported without opening a window.
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("DATABASE"), QString(), QStringLiteral("[DATABASE]"));
    parser.addOptions(SharedOptions::all());
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QString());
    const QCommandLineOption version(QStringLiteral("version"), QString());
    parser.addOption(help);
    parser.addOption(version);
    *handled = true;
    if (!parser.parse(withoutQtOptions(arguments))) {
        io.err << Command::usageError(QString(), parser.errorText()) << Qt::endl;
        return Command::Error;
    }
    if (parser.isSet(help)) {
        io.out << usage() << Qt::flush;
        return Command::Success;
    }
    if (parser.isSet(version)) {
        io.out << ProductInfo::versionText() << Qt::flush;
        return Command::Success;
    }
    *handled = false;
    return Command::Success;
}
