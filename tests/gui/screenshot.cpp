// Takes the README's screenshot: the main window on the demo database, drawn offscreen, saved as a PNG.
//
//   profile-admin-screenshot OUTPUT.png     (tests/gui/screenshot.sh builds it and writes
//   docs/screenshot.png)
//
// The demo database is made in a temporary data folder, so the picture never shows the user's own files.
#include "MainWindow.h"

#include <QApplication>
#include <QLabel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

int main(int argc, char **argv)
{
    QTemporaryDir home;
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("profile-admin"));
    QApplication::setOrganizationName(QStringLiteral("profile-admin"));
    QTextStream err(stderr);
    if (app.arguments().size() != 2) {
        err << "usage: profile-admin-screenshot OUTPUT.png" << Qt::endl;
        return 2;
    }

    MainWindow window{GuiOptions()};
    window.resize(1280, 720);
    window.show();
    window.openDemo();

    auto *users = window.findChild<QTableView *>(QStringLiteral("usersView"));
    auto *profiles = window.findChild<QTableView *>(QStringLiteral("profilesView"));
    QLabel *counts = nullptr;
    for (QLabel *label : window.statusBar()->findChildren<QLabel *>()) {
        if (label->accessibleName() == QLatin1String("Counts"))
            counts = label;
    }
    const bool ready = QTest::qWaitFor(
        [&] {
            return counts && counts->text().contains(QLatin1String("without profile")) &&
                   users->model()->rowCount() > 0;
        },
        30000);
    if (!ready) {
        err << "profile-admin-screenshot: the demo database did not load." << Qt::endl;
        return 1;
    }
    // Scroll to the first users without a profile, with a neighbour selected, so both looks are in the
    // picture.
    for (int row = 0; row < users->model()->rowCount(); ++row) {
        if (users->model()->index(row, 0).data(Qt::ToolTipRole).isValid()) {
            users->scrollTo(users->model()->index(qMax(0, row - 10), 0), QAbstractItemView::PositionAtTop);
            users->selectRow(qMax(0, row - 2));
            break;
        }
    }
    // A profile edited and not saved yet, as it looks until "Save changes".
    QAbstractItemModel *grid = profiles->model();
    grid->setData(grid->index(1, 1), QDate(1990, 5, 4));
    profiles->setCurrentIndex(grid->index(3, 2));
    QTest::qWait(300);

    const QString output = app.arguments().at(1);
    if (!window.grab().save(output)) {
        err << "profile-admin-screenshot: could not write " << output << Qt::endl;
        return 1;
    }
    err << "profile-admin-screenshot: wrote " << output << Qt::endl;
    return 0;
}
