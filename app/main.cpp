// Chooses the front end: check/fix/schema/snippet run headless (cron, ssh); anything else opens the main
// window.
#include "CommandRunner.h"
#include "ProductInfo.h"

#ifdef PROFILE_ADMIN_WITH_GUI
#include "GuiMain.h"
#endif

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

int main(int argc, char **argv)
{
    // Both front ends find the demo database and settings under the same name.
    QCoreApplication::setApplicationName(QStringLiteral("profile-admin"));
    QCoreApplication::setOrganizationName(QStringLiteral("profile-admin"));
    QCoreApplication::setApplicationVersion(ProductInfo::version());

    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (CommandRunner::isCommand(first)) {
        QCoreApplication app(argc, argv);
        QTextStream out(stdout);
        QTextStream err(stderr);
        QTextStream in(stdin);
        return CommandRunner::run(QCoreApplication::arguments(), {out, err, in, isatty(0) && isatty(2)});
    }
    {
        QStringList arguments;
        for (int i = 0; i < argc; ++i)
            arguments << QString::fromLocal8Bit(argv[i]);
        QTextStream out(stdout);
        QTextStream err(stderr);
        QTextStream in(stdin);
        bool handled = false;
        const int status = CommandRunner::runProgramOptions(arguments, {out, err, in, false}, &handled);
        if (handled)
            return status;
    }
#ifdef PROFILE_ADMIN_WITH_GUI
    return guiMain(argc, argv);
#else
    QTextStream(stderr)
        << "profile-admin: this build has no GUI; use check, fix, schema or snippet (see --help)."
        << Qt::endl;
    return 2;
#endif
}
