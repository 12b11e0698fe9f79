#include "DjangoSnippet.h"

#include "DatabaseEngine.h"
#include "SqlFailure.h"

#include <QSqlQuery>
#include <QStringList>

namespace {

// A Python string literal of text that comes from the database catalog.
QString pythonString(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

// A Python identifier made of a table name: letters, digits and underscores.
QString pythonName(const QString &text)
{
    QString name;
    for (const QChar c : text)
        name += c.isLetterOrNumber() && c.unicode() < 128 ? c.toLower() : QLatin1Char('_');
    return name;
}

} // namespace

DjangoSnippet::DjangoSnippet(const QSqlDatabase &db, const QList<ProfileSchema> &profiles)
{
    const DatabaseEngine &engine = DatabaseEngine::of(db);
    QList<QPair<QString, QString>> contentTypes;
    QSqlQuery query(db);
    if (query.exec(QStringLiteral("SELECT %1, %2 FROM %3")
                       .arg(engine.quoteIdentifier(QStringLiteral("app_label")),
                            engine.quoteIdentifier(QStringLiteral("model")),
                            engine.quoteIdentifier(QStringLiteral("django_content_type"))))) {
        while (query.next())
            contentTypes.append({query.value(0).toString(), query.value(1).toString()});
    } else {
        m_contentTypeProblem = SqlFailure(query.lastError(), engine).message();
    }
    for (const ProfileSchema &schema : profiles)
        m_models.append(lookUp(schema, contentTypes));
    if (!profiles.isEmpty()) {
        for (const auto &type : std::as_const(contentTypes)) {
            if (type.first + QLatin1Char('_') + type.second == profiles.first().userTable.name)
                m_userModel = type.first + QLatin1Char('.') + type.second;
        }
    }
}

DjangoSnippet::Model DjangoSnippet::lookUp(const ProfileSchema &schema,
                                           const QList<QPair<QString, QString>> &contentTypes) const
{
    Model model{schema, {}, {}, false};
    const QString table = schema.profileTable.name;
    for (const auto &type : contentTypes) {
        // Django's default db_table is "<app_label>_<model>", both lower case.
        if (type.first + QLatin1Char('_') + type.second == table) {
            model.appLabel = type.first;
            model.modelName = type.second;
            model.found = true;
            return model;
        }
    }
    const qsizetype cut = table.indexOf(QLatin1Char('_'));
    model.appLabel = cut > 0 ? table.left(cut) : table;
    model.modelName = cut > 0 ? table.mid(cut + 1) : table;
    return model;
}

QString DjangoSnippet::hostApp() const
{
    return m_models.isEmpty() ? QString() : m_models.first().appLabel;
}

QString DjangoSnippet::receiver(const Model &model) const
{
    const QString function =
        QStringLiteral("create_%1_%2").arg(pythonName(model.appLabel), pythonName(model.modelName));
    QString text;
    if (!model.found)
        text += QStringLiteral(
                    "# NOTE: table %1 is not in django_content_type under Django's default table name\n"
                    "# (app_label_model), so its app label and model name below are a guess: correct them.\n")
                    .arg(model.schema.profileTable.display());
    text += QStringLiteral("@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid=%1)\n"
                           "def %2(sender, instance, created, raw=False, **kwargs):\n"
                           "    \"\"\"Give every new user a row in %3.\"\"\"\n"
                           "    if not created or raw:  # raw: loaddata brings the fixture's own rows\n"
                           "        return\n"
                           "    _create_row(apps.get_model(%4, %5), %6, instance)\n")
                .arg(pythonString(QStringLiteral("profile_admin.") + function), function,
                     model.schema.profileTable.display(), pythonString(model.appLabel),
                     pythonString(model.modelName), pythonString(model.schema.linkColumn));
    return text;
}

QString DjangoSnippet::text() const
{
    const QString app = hostApp();
    QString text;
    text += QStringLiteral(
        "# Keeps new users from arriving without a profile: Django creates the missing rows itself from\n"
        "# now on, whichever code creates the user (the admin, createsuperuser, a sign-up view, a "
        "script).\n");
    if (m_contentTypeProblem.isEmpty() && !m_userModel.isEmpty())
        text += QStringLiteral("# The user model is %1; the receivers follow settings.AUTH_USER_MODEL.\n")
                    .arg(m_userModel);
    else if (!m_contentTypeProblem.isEmpty())
        text += QStringLiteral("# NOTE: django_content_type could not be read (%1): the app labels and\n"
                               "# model names below are guessed from the table names.\n")
                    .arg(m_contentTypeProblem);
    text += QStringLiteral("\n# ---- %1/signals.py ----\n").arg(app);
    text += QStringLiteral(
        "from django.apps import apps\n"
        "from django.conf import settings\n"
        "from django.db import OperationalError, router, transaction\n"
        "from django.db.models.signals import post_save\n"
        "from django.dispatch import receiver\n"
        "\n"
        "\n"
        "def _link_field(model, column):\n"
        "    \"\"\"The name of the model's one-to-one field to the user stored in `column`.\"\"\"\n"
        "    return next(f.name for f in model._meta.concrete_fields if f.column == column)\n"
        "\n"
        "\n"
        "def _is_deadlock(error):\n"
        "    \"\"\"MySQL/MariaDB's ER_LOCK_DEADLOCK, or PostgreSQL's deadlock_detected.\"\"\"\n"
        "    return error.args[:1] == (1213,) or getattr(error.__cause__, 'pgcode', None) == '40P01'\n"
        "\n"
        "\n"
        "def _create_row(model, column, user):\n"
        "    \"\"\"get_or_create() of the user's row, tried again when the database broke a deadlock with "
        "it.\n"
        "\n"
        "    Requests creating the same row at once can deadlock on InnoDB, which then rolls the victim's\n"
        "    transaction back; that is only ours to restart outside the caller's own transaction.\n"
        "    \"\"\"\n"
        "    lookup = {_link_field(model, column): user}\n"
        "    for attempt in range(3):\n"
        "        try:\n"
        "            return model.objects.get_or_create(**lookup)\n"
        "        except OperationalError as error:\n"
        "            alias = router.db_for_write(model, instance=user)\n"
        "            if attempt == 2 or not _is_deadlock(error) or "
        "transaction.get_connection(alias).in_atomic_block:\n"
        "                raise\n");
    for (const Model &model : m_models)
        text += QStringLiteral("\n\n") + receiver(model);
    const QString config = pythonName(app);
    QString className;
    for (const QString &part : config.split(QLatin1Char('_'), Qt::SkipEmptyParts))
        className += part.left(1).toUpper() + part.mid(1);
    text += QStringLiteral(
                "\n# ---- %1/apps.py ----\n"
                "# Connect the receivers when Django starts. If the app has an AppConfig already, add only\n"
                "# ready(); the app must be listed in INSTALLED_APPS by this config (or its default one).\n"
                "from django.apps import AppConfig\n"
                "\n"
                "\n"
                "class %2Config(AppConfig):\n"
                "    name = %3\n"
                "\n"
                "    def ready(self):\n"
                "        from . import signals  # noqa: F401 (connects the post_save receivers)\n")
                .arg(app, className, pythonString(app));
    return text;
}
