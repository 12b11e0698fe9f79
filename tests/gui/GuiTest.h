#pragma once

#include "MainWindow.h"
#include "TestDatabase.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

class QAbstractButton;
class QAbstractItemModel;
class QLineEdit;
class QModelIndex;
class QTableView;

// What the GUI suites share to drive the main window as a person would: controls found by their accessible
// names (as a screen reader finds them), cells edited through their editors, a window opened on a test
// database.
namespace GuiTest {

// Waits in the tests give up after this long; it only keeps a broken test from hanging.
constexpr int Timeout = 30000;

// The visible widget of type T under `root` whose accessible name is `accessibleName`, or nullptr.
template<typename T> T *named(QWidget *root, const QString &accessibleName)
{
    for (T *widget : root->findChildren<T *>()) {
        if (widget->accessibleName() == accessibleName && widget->isVisible())
            return widget;
    }
    return nullptr;
}

// The status bar's counts ("10 users · 2 without profile").
QString countsText(MainWindow &window);
QTableView *usersView(MainWindow &window);
QTableView *profilesView(MainWindow &window);
// The column whose header reads `name`, or -1.
int columnNamed(const QAbstractItemModel *model, const QString &name);
// Fails the test when `button` is missing or disabled; clicks it otherwise.
void click(QAbstractButton *button);
// Opens a cell's editor as a user does (F2) and returns it, or nullptr.
QWidget *editCell(QTableView *view, const QModelIndex &cell);
// The text field that has the keyboard focus inside an open editor (the editor itself, or the date
// editor's text), or nullptr.
QLineEdit *focusedLineEdit();
// Types `text` into a cell through its editor with real keys (F2, Ctrl+A, the keys, Return) and waits until
// the editor has closed and the model holds it (as its value or as refused text).
bool typeInto(QTableView *view, const QModelIndex &cell, const QString &text);
// Types `text` on the view with `cell` current, as in a spreadsheet (the first key opens the editor and
// replaces the value), then Return; waits as typeInto() does.
bool typeOver(QTableView *view, const QModelIndex &cell, const QString &text);
// The cell's value as its editor shows it (CellInput::text), or its refused text.
QString cellText(const QModelIndex &cell);

// Runs `answer` on the next modal dialog of type T as soon as it shows (before the click that opens it
// returns) and has taken the keyboard, which a busy window system delays: keys sent earlier would go nowhere.
// A failed check in `answer` closes the dialog, or the test would wait for it forever.
template<typename T> void onNextDialog(std::function<void(T *)> answer)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    auto *shownFor = new QElapsedTimer;
    QObject::connect(timer, &QTimer::timeout, timer, [timer, shownFor, answer] {
        T *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        if (!shownFor->isValid())
            shownFor->start();
        const QWidget *focus = QApplication::focusWidget();
        const bool hasKeyboard = dialog->isActiveWindow() && focus && dialog->isAncestorOf(focus);
        // A platform that never activates windows still gets its answer, after a while.
        if (!hasKeyboard && shownFor->elapsed() < 5000)
            return;
        timer->stop();
        timer->deleteLater();
        delete shownFor;
        answer(dialog);
        if (QTest::currentTestFailed())
            dialog->reject();
    });
    timer->start();
}

// A PostgreSQL login role that may only read the tables of `db`, dropped again with this object; url() logs
// in as it. The name is `prefix` and the process id, so suites running side by side never share one.
class ReadOnlyRole
{
public:
    ReadOnlyRole(const TestDatabase &db, const QString &prefix);
    ~ReadOnlyRole();
    ReadOnlyRole(const ReadOnlyRole &) = delete;
    ReadOnlyRole &operator=(const ReadOnlyRole &) = delete;

    // Empty once the role exists; otherwise why it could not be made.
    QString error() const { return m_error; }
    QString name() const { return m_name; }
    QString url() const;

private:
    const TestDatabase &m_db;
    const QString m_name;
    QString m_error;
};

// A main window, shown and active, that has opened `url` (`db`'s unless given) and shows `counts`; nullptr
// after failing the test.
std::unique_ptr<MainWindow> openWindow(const TestDatabase &db, const QString &counts,
                                       const QString &url = {});
// Migrates `db`, seeds `users` users of whom `withProfile` have a profile, and opens a window on it.
std::unique_ptr<MainWindow> seedAndOpen(const TestDatabase &db, int users, int withProfile);

// The main() of a GUI suite: settings and the demo database go to a folder of the run's own, never the
// user's (QSettings reads the variables once, so they are set before anything else).
template<typename Suite> int runSuite(int argc, char **argv)
{
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("profile-admin"));
    QApplication::setOrganizationName(QStringLiteral("profile-admin"));
    Suite suite;
    return QTest::qExec(&suite, argc, argv);
}

} // namespace GuiTest
