#include "GuiMain.h"

#include "Icons.h"
#include "MainWindow.h"
#include "SharedOptions.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

int guiMain(int &argc, char **argv)
{
    QApplication app(argc, argv);
    app.setWindowIcon(Icons::icon(QStringLiteral("profile-admin")));
    // Wayland compositors find the window's icon and name through the installed desktop entry of this id.
    QGuiApplication::setDesktopFileName(QStringLiteral(PROFILE_ADMIN_APP_ID));

    // The options check, fix and schema share; --help and --version are answered by main().
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("DATABASE"),
        QCoreApplication::translate("GuiMain",
                                    "postgres://user@host:port/db, sqlite:///file.db or a file path."),
        QStringLiteral("[DATABASE]"));
    parser.addOptions(SharedOptions::all());
    QTextStream err(stderr);
    if (!parser.parse(QCoreApplication::arguments())) {
        err << QCoreApplication::translate("GuiMain", "profile-admin: %1; see profile-admin --help.")
                   .arg(parser.errorText())
            << Qt::endl;
        return 2;
    }
    const QStringList databases = parser.positionalArguments();
    if (databases.size() > 1 || (parser.isSet(QStringLiteral("demo")) && !databases.isEmpty())) {
        err << QCoreApplication::translate(
                   "GuiMain", "profile-admin: give one DATABASE or --demo; see profile-admin --help.")
            << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("django")) && !databases.isEmpty()) {
        err << QCoreApplication::translate(
                   "GuiMain",
                   "profile-admin: give one DATABASE or --django, not both; see profile-admin --help.")
            << Qt::endl;
        return 2;
    }
    QString error;
    const SharedOptions options = SharedOptions::read(parser, &error);
    if (!error.isEmpty()) {
        err << QCoreApplication::translate("GuiMain", "profile-admin: %1").arg(error) << Qt::endl;
        return 2;
    }

    MainWindow window(options);
    window.show();
    if (!options.django.isEmpty()) {
        window.openDjangoProject(options.django, options.python);
    } else if (options.demo) {
        window.openDemo();
    } else if (!databases.isEmpty()) {
        window.openDatabase(databases.first());
    } else {
        window.openLastOrDemo();
    }
    return app.exec();
}
