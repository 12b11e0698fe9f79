#pragma once

#include "DatabaseUrl.h"
#include "ProfileSchema.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

// One field of a Django model as the project's own Python describes it.
struct DjangoField
{
    enum class Default {
        None,       // no default: Django leaves the value to the database (or fails)
        Constant,   // `constant` holds it as the database stores it (JSON fields: JSON text)
        Callable,   // `callable` names the function, e.g. "django.utils.timezone.now"
        Unsupported // a constant with no plain form (`callable` holds its repr)
    };
    QString name;
    QString column;
    QString type; // Django's internal type: "IntegerField", "DateTimeField", ...
    bool null = false;
    bool blank = false;
    bool primaryKey = false;
    bool autoNow = false;
    bool autoNowAdd = false;
    QStringList choices; // the stored values of its choices
    Default defaultKind = Default::None;
    QJsonValue constant;
    QString callable;

    // How the default reads for people: "5", "'weekly'", "django.utils.timezone.now()".
    QString describeDefault() const;
};

// A model with a OneToOneField to AUTH_USER_MODEL.
struct DjangoModel
{
    QString appLabel;
    QString name;
    QString table;
    QString linkColumn;
    bool overridesSave = false;
    QList<DjangoField> fields;

    QString label() const { return appLabel + QLatin1Char('.') + name; }
    const DjangoField *field(const QString &column) const;
};

// What a Django project says about itself: its default database, its user model and every model with a
// one-to-one link to it. Parsed from the JSON the introspection script (DjangoProcess) prints.
class DjangoProject
{
public:
    // Parses the script's "project" object; on failure an invalid project and `error` set.
    static DjangoProject fromJson(const QByteArray &json, QString *error);

    bool isValid() const { return m_valid; }
    QString managePy() const { return m_managePy; }
    void setManagePy(const QString &path) { m_managePy = path; }
    // The Python that described the project, which runs it again for --via-django.
    QString interpreter() const { return m_interpreter; }
    void setInterpreter(const QString &python) { m_interpreter = python; }
    QString djangoVersion() const { return m_djangoVersion; }
    // The `default` entry of DATABASES as a connection; the password is held in memory only.
    const DatabaseUrl &database() const { return m_database; }
    // Why database() is invalid (an engine profile-admin does not support, a missing SQLite file).
    QString databaseError() const { return m_databaseError; }
    // OPTIONS keys of the database that profile-admin cannot pass on, to be said aloud.
    QStringList ignoredOptions() const { return m_ignoredOptions; }
    // The OPTIONS keys that are passed on for this database's engine, in words, to say beside them.
    QString passedOnOptions() const { return m_passedOnOptions; }
    QString userModel() const { return m_userModel; }
    QString userTable() const { return m_userTable; }
    const QList<DjangoModel> &models() const { return m_models; }
    // The model behind a profile table and link column, or nullptr.
    const DjangoModel *modelFor(const TableName &table, const QString &linkColumn) const;

private:
    bool m_valid = false;
    QString m_managePy;
    QString m_interpreter;
    QString m_djangoVersion;
    DatabaseUrl m_database;
    QString m_databaseError;
    QStringList m_ignoredOptions;
    QString m_passedOnOptions;
    QString m_userModel;
    QString m_userTable;
    QList<DjangoModel> m_models;
};
