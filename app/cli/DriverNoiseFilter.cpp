#include "DriverNoiseFilter.h"

#include <QString>

namespace {

QtMessageHandler s_previous = nullptr;

bool isDriverNoise(const QString &message)
{
    return message.startsWith(QLatin1String("Unable to free statement")) ||
           message.startsWith(QLatin1String("QMYSQLResult::cleanup: unable to free statement handle")) ||
           message.startsWith(QLatin1String("QSqlQuery::exec: database not open")) ||
           message.startsWith(QLatin1String("QSqlQuery::prepare: database not open"));
}

} // namespace

DriverNoiseFilter::DriverNoiseFilter()
    : m_installed(qEnvironmentVariableIntValue("PROFILE_ADMIN_DEBUG") == 0)
{
    if (m_installed)
        s_previous = qInstallMessageHandler(&DriverNoiseFilter::handle);
}

DriverNoiseFilter::~DriverNoiseFilter()
{
    if (m_installed)
        qInstallMessageHandler(s_previous);
}

void DriverNoiseFilter::handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && isDriverNoise(message))
        return;
    if (s_previous)
        s_previous(type, context, message);
    else
        qt_message_output(type, context, message);
}
