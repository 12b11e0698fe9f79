#include "Command.h"

#include "DemoDatabase.h"
#include "DjangoProcess.h"
#include "ProductInfo.h"
#include "SharedOptions.h"

#include <QJsonDocument>
#include <QLocale>
#include <QProcessEnvironment>

QString formatCount(qint64 value)
{
    QLocale english(QLocale::English);
    return english.toString(value);
}

QString Command::exitStatusHelp(const QString &command)
{
    const bool all = command.isEmpty();
    QString text = QStringLiteral("Exit status:\n");
    text += QStringLiteral(
                "  %1  success: nothing missing (check), profiles created or nothing to do (fix), the\n"
                "     output written (schema, snippet, fix --sql, check --format prometheus), --help,\n"
                "     --version\n")
                .arg(int(Success));
    if (all || command == QLatin1String("check"))
        text += QStringLiteral("  %1  check: some users have no profile\n").arg(int(Found));
    text +=
        QStringLiteral("  %1  error: a usage error (unknown command or option, bad value), or the database\n"
                       "     could not be read or written; fix then wrote nothing\n")
            .arg(int(Error));
    return text;
}

QString Command::usageError(const QString &command, const QString &parserError)
{
    const QString program =
        command.isEmpty() ? QStringLiteral("profile-admin") : QStringLiteral("profile-admin ") + command;
    QString message = parserError.trimmed();
    if (message.endsWith(QLatin1Char('.')))
        message.chop(1);
    if (!message.isEmpty())
        message[0] = message.at(0).toLower();
    return QStringLiteral("%1: %2. Try '%1 --help'.").arg(program, message);
}

Command::Command(CommandIo io)
    : m_io(io)
{}

void Command::addOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {QStringLiteral("json"), QStringLiteral("Print one JSON object on stdout; messages go to stderr.")});
    parser.addOptions(SharedOptions::all());
}

int Command::fail(const QString &message)
{
    // Scripts reading --json get the error as JSON too, not just an empty stdout.
    if (m_parsed)
        failing();
    if (m_parsed && json())
        printJson({{QStringLiteral("error"), message}});
    m_io.err << "profile-admin " << name() << ": " << message << Qt::endl;
    return Error;
}

void Command::printJson(const QJsonObject &object)
{
    m_io.out << QJsonDocument(object).toJson(QJsonDocument::Compact) << Qt::endl;
}

bool Command::resolveDatabase(bool demo, DatabaseUrl *url)
{
    QString text;
    const QStringList positional = m_parser.positionalArguments();
    if (demo) {
        if (!positional.isEmpty()) {
            fail(QStringLiteral("Give either --demo or a DATABASE, not both."));
            return false;
        }
        QString error;
        text = DemoDatabase::ensure(&error);
        if (text.isEmpty()) {
            fail(error);
            return false;
        }
    } else if (positional.size() > 1) {
        fail(QStringLiteral("Too many arguments (%1); give one DATABASE.")
                 .arg(positional.join(QLatin1Char(' '))));
        return false;
    } else if (positional.size() == 1) {
        text = positional.first();
    } else {
        text = QProcessEnvironment::systemEnvironment().value(QStringLiteral("DATABASE_URL"));
        if (text.isEmpty()) {
            fail(QStringLiteral(
                "No database given; pass DATABASE (a postgres:// URL or an SQLite file), --demo, "
                "or set DATABASE_URL."));
            return false;
        }
    }
    QString error;
    *url = DatabaseUrl::parse(text, &error);
    if (!url->isValid()) {
        fail(error);
        return false;
    }
    return true;
}

int Command::execute(const QStringList &arguments)
{
    m_clock.start();
    m_parser.setApplicationDescription(summary());
    m_parser.addPositionalArgument(
        QStringLiteral("DATABASE"),
        QStringLiteral("postgres://user@host:port/db, sqlite:///file.db or a file path; "
                       "DATABASE_URL when left out."),
        QStringLiteral("[DATABASE]"));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    m_parser.addOption(help);
    m_parser.addOption(version);
    addOptions(m_parser);

    QStringList rest = arguments;
    if (rest.size() > 1)
        rest.removeAt(1); // the command name
    if (!m_parser.parse(rest)) {
        // A usage error: one line and where to look, like the GNU tools.
        m_io.err << usageError(name(), m_parser.errorText()) << Qt::endl;
        return Error;
    }
    m_parsed = true;
    if (m_parser.isSet(help)) {
        m_io.out << m_parser.helpText().replace(QStringLiteral("[options] [DATABASE]"),
                                                name() + QStringLiteral(" [options] [DATABASE]"))
                 << '\n'
                 << exitStatusHelp(name()) << Qt::flush;
        return Success;
    }
    if (m_parser.isSet(version)) {
        m_io.out << ProductInfo::versionText() << Qt::flush;
        return Success;
    }
    const QString invalid = invalidOptions();
    if (!invalid.isEmpty()) {
        m_io.err << usageError(name(), invalid) << Qt::endl;
        return Error;
    }

    QString error;
    SharedOptions shared = SharedOptions::read(m_parser, &error);
    if (!error.isEmpty())
        return fail(error);
    m_shared = shared;
    DatabaseUrl url;
    if (!shared.django.isEmpty()) {
        if (!openDjangoProject(shared, &url))
            return Error;
        if (shared.discovery.userTable.isEmpty())
            shared.discovery.userTable = m_django->userTable();
    } else if (!resolveDatabase(shared.demo, &url)) {
        return Error;
    }

    DatabaseSession session(url, {name(), mode(), shared.discovery});
    if (!session.isReady())
        return fail(session.errorText());
    const QList<ProfileSchema> schemas = actedOn(session);
    if (schemas.isEmpty())
        return Error; // actedOn() has said why
    QList<TablePlan> tables;
    for (const ProfileSchema &schema : schemas) {
        const QMap<QString, QString> values =
            SharedOptions::fillValuesFor(shared.fillValues, schemas, schema, &error);
        if (!error.isEmpty())
            return fail(error);
        const bool primary = schema.profileTable == session.schema().profileTable &&
                             schema.linkColumn == session.schema().linkColumn;
        const DjangoModel *model =
            m_django ? m_django->modelFor(schema.profileTable, schema.linkColumn) : nullptr;
        tables.append({schema, FillPlan::build(schema, session.engine(), values, model), primary});
    }
    return run(session, tables);
}

bool Command::openDjangoProject(const SharedOptions &shared, DatabaseUrl *url)
{
    if (shared.demo) {
        fail(QStringLiteral("Give either --demo or --django, not both."));
        return false;
    }
    DjangoProcess process(shared.django, shared.python);
    QString error;
    m_django = std::make_unique<DjangoProject>(process.introspect(&error));
    if (!m_django->isValid()) {
        fail(error);
        return false;
    }
    if (!m_django->ignoredOptions().isEmpty())
        m_io.err << "profile-admin " << name() << ": the project's database OPTIONS "
                 << m_django->ignoredOptions().join(QStringLiteral(", "))
                 << " are not passed on (profile-admin passes on " << m_django->passedOnOptions() << ")."
                 << Qt::endl;
    // A DATABASE given as well names the database to use (a copy, a replica); the models still come from
    // the project.
    if (m_parser.positionalArguments().size() > 0)
        return resolveDatabase(false, url);
    if (!m_django->database().isValid()) {
        fail(m_django->databaseError());
        return false;
    }
    *url = m_django->database();
    return true;
}

QList<ProfileSchema> Command::actedOn(const DatabaseSession &session)
{
    return session.profiles();
}
