// Chooses the front end: check/fix/schema run headless (cron, ssh); anything else opens the main window.
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
    for (int i = 1; i < argc; ++i) {
        const QString argument = QString::fromLocal8Bit(argv[i]);
        if (argument == QLatin1String("--help") || argument == QLatin1String("-h")) {
            QTextStream(stdout) << CommandRunner::usage();
            return 0;
        }
        if (argument == QLatin1String("--version")) {
            QTextStream(stdout) << ProductInfo::versionText();
            return 0;
        }
    }
#ifdef PROFILE_ADMIN_WITH_GUI
    return guiMain(argc, argv);
#else
    QTextStream(stderr) << "profile-admin: this build has no GUI; use check, fix or schema (see --help)."
                        << Qt::endl;
    return 2;
#endif
}
