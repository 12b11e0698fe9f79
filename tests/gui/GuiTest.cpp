#include "GuiTest.h"

#include "CellInput.h"
#include "ProfilesModel.h"
#include "UsersModel.h"

#include <QAbstractButton>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QUrl>

#include <algorithm>

namespace GuiTest {

QString countsText(MainWindow &window)
{
    QLabel *label = named<QLabel>(&window, QStringLiteral("Counts"));
    return label ? label->text() : QString();
}

QTableView *usersView(MainWindow &window)
{
    return named<QTableView>(&window, QStringLiteral("Users"));
}

QTableView *profilesView(MainWindow &window)
{
    return named<QTableView>(&window, QStringLiteral("Profiles"));
}

int columnNamed(const QAbstractItemModel *model, const QString &name)
{
    for (int column = 0; column < model->columnCount(); ++column) {
        if (model->headerData(column, Qt::Horizontal).toString() == name)
            return column;
    }
    return -1;
}

void click(QAbstractButton *button)
{
    QVERIFY(button);
    QVERIFY2(button->isEnabled(), qPrintable(button->accessibleName() + QStringLiteral(" is disabled")));
    QTest::mouseClick(button, Qt::LeftButton);
}

QWidget *editCell(QTableView *view, const QModelIndex &cell)
{
    view->setFocus();
    view->setCurrentIndex(cell);
    QTest::keyClick(view, Qt::Key_F2);
    return view->indexWidget(cell);
}

QLineEdit *focusedLineEdit()
{
    return qobject_cast<QLineEdit *>(QApplication::focusWidget());
}

QString cellText(const QModelIndex &cell)
{
    const QVariant family = cell.data(ProfilesModel::ColumnFamilyRole);
    return CellInput::text(cell.data(Qt::EditRole),
                           family.isValid() ? ColumnFamily(family.toInt()) : ColumnFamily::Other);
}

namespace {

// Return in the open editor, then waits for the delegate (it commits on the next turn of the event loop).
bool commitAndWait(QTableView *view, const QModelIndex &cell, const QString &text)
{
    QLineEdit *editor = focusedLineEdit();
    if (!editor)
        return false;
    QTest::keyClick(editor, Qt::Key_Return);
    if (!QTest::qWaitFor([&] { return view->indexWidget(cell) == nullptr; }, Timeout))
        return false;
    return cellText(cell) == text || cell.data(ProfilesModel::DirtyRole).toBool() ||
           !cell.data(ProfilesModel::InvalidReasonRole).toString().isEmpty();
}

} // namespace

bool typeInto(QTableView *view, const QModelIndex &cell, const QString &text)
{
    if (!editCell(view, cell))
        return false;
    QLineEdit *editor = focusedLineEdit();
    if (!editor)
        return false;
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty())
        QTest::keyClick(editor, Qt::Key_Delete);
    else
        QTest::keyClicks(editor, text);
    return commitAndWait(view, cell, text);
}

bool typeOver(QTableView *view, const QModelIndex &cell, const QString &text)
{
    if (text.isEmpty())
        return false;
    view->setFocus();
    view->setCurrentIndex(cell);
    QTest::keyClicks(view, text.left(1));
    if (!view->indexWidget(cell) || !focusedLineEdit())
        return false;
    QTest::keyClicks(focusedLineEdit(), text.mid(1));
    return commitAndWait(view, cell, text);
}

ReadOnlyRole::ReadOnlyRole(const TestDatabase &db, const QString &prefix)
    : m_db(db)
    , m_name(QStringLiteral("%1_%2").arg(prefix).arg(QCoreApplication::applicationPid()))
{
    m_db.exec({QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_name),
               QStringLiteral("CREATE ROLE %1 LOGIN").arg(m_name),
               QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1").arg(m_name)},
              &m_error);
}

ReadOnlyRole::~ReadOnlyRole()
{
    m_db.exec({QStringLiteral("DROP OWNED BY %1").arg(m_name), QStringLiteral("DROP ROLE %1").arg(m_name)});
}

QString ReadOnlyRole::url() const
{
    QUrl url(m_db.url());
    url.setUserName(m_name);
    return url.toString();
}

std::unique_ptr<MainWindow> openWindow(const TestDatabase &db, const QString &counts, const QString &url)
{
    auto window = std::make_unique<MainWindow>(GuiOptions());
    window->resize(1200, 700);
    window->show();
    // Shortcuts and focus need the active window.
    QApplication::setActiveWindow(window.get());
    if (!QTest::qWaitForWindowActive(window.get())) {
        QTest::qFail("the window did not become active", __FILE__, __LINE__);
        return nullptr;
    }
    QString error;
    window->openDatabase(DatabaseUrl::parse(url.isEmpty() ? db.url() : url, &error));
    if (!QTest::qWaitFor([&] { return countsText(*window) == counts; }, Timeout)) {
        QTest::qFail(qPrintable(QStringLiteral("counts read \"%1\"").arg(countsText(*window))), __FILE__,
                     __LINE__);
        return nullptr;
    }
    // The counts and the rows come from two workers: wait for the rows a person would see, too, so that
    // tests read users as they are, not rows still loading.
    const QAbstractItemModel *users = usersView(*window)->model();
    const auto visibleRowsLoaded = [users] {
        const int rows = std::min(users->rowCount(), int(UsersModel::BlockRows));
        for (int row = 0; row < rows; ++row) {
            if (!users->index(row, 0).data(UsersModel::UserKeyRole).isValid())
                return false;
        }
        return true;
    };
    if (!QTest::qWaitFor(visibleRowsLoaded, Timeout)) {
        QTest::qFail("the Users view's first rows did not load", __FILE__, __LINE__);
        return nullptr;
    }
    return window;
}

std::unique_ptr<MainWindow> seedAndOpen(const TestDatabase &db, int users, int withProfile)
{
    QString error;
    if (!db.migrate(&error) || !db.seed(users, withProfile, &error)) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return nullptr;
    }
    return openWindow(db,
                      QStringLiteral("%1 users · %2 without profile").arg(users).arg(users - withProfile));
}

} // namespace GuiTest
