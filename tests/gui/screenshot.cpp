// Takes the README's screenshot: the main window on the demo database, drawn offscreen, saved as a PNG.
//
//   profile-admin-screenshot WINDOW.png [DIALOG.png [EDITING.png]]
//                                   (tests/gui/screenshot.sh builds it and writes the pictures in docs/)
//
// The demo database is made in a temporary data folder, so the picture never shows the user's own files.
#include "CreateMissingDialog.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "ProfilesModel.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

int main(int argc, char **argv)
{
    QTemporaryDir home;
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("profile-admin"));
    QApplication::setOrganizationName(QStringLiteral("profile-admin"));
    QTextStream err(stderr);
    const QStringList outputs = app.arguments().mid(1);
    if (outputs.isEmpty() || outputs.size() > 3) {
        err << "usage: profile-admin-screenshot WINDOW.png [DIALOG.png [EDITING.png]]" << Qt::endl;
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

    if (!window.grab().save(outputs.first())) {
        err << "profile-admin-screenshot: could not write " << outputs.first() << Qt::endl;
        return 1;
    }
    err << "profile-admin-screenshot: wrote " << outputs.first() << Qt::endl;
    if (outputs.size() == 1)
        return 0;

    if (outputs.size() == 3) {
        // The grid as an editor: a profile search, an impossible date held in red, an edited cell.
        MessageBox::setNextAnswer(QMessageBox::Discard);
        for (QLineEdit *search : window.findChildren<QLineEdit *>()) {
            if (search->accessibleName() == QLatin1String("Search profiles")) {
                search->setFocus();
                QTest::keyClicks(search, QStringLiteral("user01"));
                QTest::keyClick(search, Qt::Key_Return);
            }
        }
        QTest::qWait(500);
        int dateColumn = -1;
        for (int column = 0; column < grid->columnCount(); ++column) {
            if (grid->headerData(column, Qt::Horizontal).toString() == QLatin1String("date_of_birth"))
                dateColumn = column;
        }
        if (dateColumn >= 0 && grid->rowCount() > 3) {
            grid->setData(grid->index(0, dateColumn), QStringLiteral("1985-07-14"), ProfilesModel::InputRole);
            grid->setData(grid->index(2, dateColumn), QStringLiteral("2023-02-31"), ProfilesModel::InputRole);
            profiles->setCurrentIndex(grid->index(5, dateColumn + 1));
        }
        profiles->setFocus();
        QTest::qWait(300);
        if (!window.grab().save(outputs.at(2))) {
            err << "profile-admin-screenshot: could not write " << outputs.at(2) << Qt::endl;
            return 1;
        }
        err << "profile-admin-screenshot: wrote " << outputs.at(2) << Qt::endl;
    }

    // The dialog is modal: it is drawn from the event loop it runs, then closed without creating anything.
    bool saved = false;
    QTimer poll;
    poll.setInterval(50);
    QObject::connect(&poll, &QTimer::timeout, &poll, [&] {
        auto *dialog = qobject_cast<CreateMissingDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        poll.stop();
        QTest::qWait(200);
        saved = dialog->grab().save(outputs.at(1));
        dialog->reject();
    });
    poll.start();
    // The edit made for the first picture is dropped when the window asks about it.
    MessageBox::setNextAnswer(QMessageBox::Discard);
    window.findChild<QAction *>(QStringLiteral("actionCreateMissingProfiles"))->trigger();
    if (!saved) {
        err << "profile-admin-screenshot: could not write " << outputs.at(1) << Qt::endl;
        return 1;
    }
    err << "profile-admin-screenshot: wrote " << outputs.at(1) << Qt::endl;
    return 0;
}
