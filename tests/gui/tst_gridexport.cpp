// "Export…" and "Save edits as SQL…" in the main window, offscreen, on SQLite and PostgreSQL databases made
// by the real Django site: the actions reached through the menu's keyboard mnemonics and the views'
// shortcuts, the export dialog answered, the file name preset as a person would pick it, the progress shown,
// and the file on disk compared with the database.
#include "CsvReader.h"
#include "ExportDialog.h"
#include "FileDialog.h"
#include "GridExport.h"
#include "GuiTest.h"
#include "MainWindow.h"
#include "ProfilesModel.h"
#include "TestDatabase.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QJsonArray>
#include <QLineEdit>
#include <QMenu>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>

using namespace GuiTest;

namespace {

// Opens the Database menu and presses the mnemonic of one of its items, as a person does with the keyboard.
void pressInMenu(MainWindow &window, Qt::Key mnemonic)
{
    auto *menu = window.findChild<QMenu *>(QStringLiteral("menuDatabase"));
    QVERIFY(menu);
    menu->popup(window.mapToGlobal(QPoint(10, 10)));
    QVERIFY(QTest::qWaitForWindowExposed(menu));
    QTest::keyClick(menu, mnemonic);
}

// The rows of `sql` as the export words them, read on a connection of the test's own.
QList<CsvReader::Record> selectRows(const TestDatabase &db, const QString &sql,
                                    const QList<ColumnFamily> &families)
{
    QList<CsvReader::Record> rows;
    const QString name = QStringLiteral("export-check");
    {
        QString error;
        const DatabaseUrl url = DatabaseUrl::parse(db.url(), &error);
        QSqlDatabase connection = QSqlDatabase::addDatabase(db.isPostgres()  ? QStringLiteral("QPSQL")
                                                            : db.isMariadb() ? QStringLiteral("QMYSQL")
                                                                             : QStringLiteral("QSQLITE"),
                                                            name);
        if (db.isPostgres() || db.isMariadb()) {
            connection.setHostName(url.host());
            connection.setPort(url.port());
            connection.setUserName(url.user());
            connection.setDatabaseName(url.databaseName());
        } else {
            connection.setDatabaseName(url.filePath());
        }
        const bool opened = connection.open();
        QSqlQuery q(connection);
        if (!opened || !q.exec(sql))
            qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        while (q.next()) {
            CsvReader::Record row;
            for (int column = 0; column < families.size(); ++column)
                row << GridExport::csvText(q.value(column), families.at(column));
            rows << row;
        }
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

QString statusOf(MainWindow &window)
{
    return window.statusBar()->currentMessage();
}

} // namespace

class TestGuiGridExport : public QObject
{
    Q_OBJECT

private slots:
    void init() { QSettings().clear(); }
    void exportsUsersAndSelectedProfiles_data() { TestDatabase::addEngineData(); }
    void exportsUsersAndSelectedProfiles();
    void savesTypedEditsAsSql_data() { TestDatabase::addEngineData(); }
    void savesTypedEditsAsSql();
};

void TestGuiGridExport::exportsUsersAndSelectedProfiles()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("gui_export"));
    QString error;
    QVERIFY2(db.migrate(&error) && db.seed(30, 20, &error), qPrintable(error));
    QVERIFY2(
        db.exec(QStringLiteral("UPDATE auth_user SET first_name = 'Smith, \"J\"' WHERE id % 4 = 0"), &error),
        qPrintable(error));
    auto window = openWindow(db, QStringLiteral("30 users · 10 without profile"));
    QVERIFY(window);
    QTemporaryDir folder;

    // The Users view has the focus: Export… in the Database menu, by its mnemonic.
    QTableView *users = usersView(*window);
    users->setFocus();
    QTRY_VERIFY(users->hasFocus());
    const QList<QAction *> usersMenu = users->actions();
    QVERIFY(std::any_of(usersMenu.begin(), usersMenu.end(),
                        [](QAction *action) { return action->text() == QStringLiteral("E&xport…"); }));
    const QString usersFile = folder.filePath(QStringLiteral("users.csv"));
    FileDialog::setNextFileName(usersFile);
    bool answered = false;
    onNextDialog<ExportDialog>([&](ExportDialog *dialog) {
        answered = true;
        auto *all = named<QRadioButton>(dialog, QStringLiteral("All matching rows"));
        QVERIFY(all);
        QCOMPARE(all->text(), QStringLiteral("&All 30 matching rows"));
        QVERIFY(all->isChecked());
        QVERIFY(!named<QRadioButton>(dialog, QStringLiteral("Selected rows"))->isEnabled());
        QVERIFY(named<QCheckBox>(dialog, QStringLiteral("Header row"))->isChecked());
        QVERIFY(!named<QCheckBox>(dialog, QStringLiteral("Byte order mark for Excel"))->isChecked());
        click(named<QPushButton>(dialog, QStringLiteral("Export")));
    });
    pressInMenu(*window, Qt::Key_X);
    QTRY_VERIFY(answered);
    QTRY_VERIFY_WITH_TIMEOUT(statusOf(*window).startsWith(QLatin1String("Exported 30 rows to ")), Timeout);
    QTRY_VERIFY(!window->findChild<QProgressDialog *>());

    QList<CsvReader::Record> csv = CsvReader::read(usersFile, &error);
    QVERIFY2(!csv.isEmpty(), qPrintable(error));
    const CsvReader::Record header = csv.takeFirst();
    QCOMPARE(header.first(), QStringLiteral("id"));
    QVERIFY(!header.contains(QStringLiteral("password")));
    QList<ColumnFamily> userFamilies;
    for (const QString &column : header)
        userFamilies << (column == QLatin1String("id")             ? ColumnFamily::Integer
                         : column.startsWith(QLatin1String("is_")) ? ColumnFamily::Boolean
                         : column == QLatin1String("date_joined") || column == QLatin1String("last_login")
                             ? ColumnFamily::DateTime
                             : ColumnFamily::Text);
    QCOMPARE(csv,
             selectRows(db, QStringLiteral("SELECT %1 FROM auth_user ORDER BY id").arg(header.join(u',')),
                        userFamilies));
    QCOMPARE(csv.at(3).at(int(header.indexOf(QStringLiteral("first_name")))), QStringLiteral("Smith, \"J\""));

    // Three profiles selected in the Profiles grid: its context menu offers Export…, and the export takes the
    // selection by default; Ctrl+E reaches it from the keyboard.
    QTableView *profiles = profilesView(*window);
    auto *model = qobject_cast<ProfilesModel *>(profiles->model());
    QVERIFY(model);
    // The export's dialogs have closed: the window is active again, the grid takes the keyboard.
    QApplication::setActiveWindow(window.get());
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    profiles->setFocus();
    QTRY_VERIFY(profiles->hasFocus());
    profiles->setCurrentIndex(model->index(2, 0));
    QTest::keyClick(profiles, Qt::Key_Down, Qt::ShiftModifier);
    QTest::keyClick(profiles, Qt::Key_Down, Qt::ShiftModifier);
    const QString profilesFile = folder.filePath(QStringLiteral("profiles.csv"));
    FileDialog::setNextFileName(profilesFile);
    answered = false;
    onNextDialog<ExportDialog>([&](ExportDialog *dialog) {
        answered = true;
        auto *selected = named<QRadioButton>(dialog, QStringLiteral("Selected rows"));
        QVERIFY(selected);
        QCOMPARE(selected->text(), QStringLiteral("&Selected rows (3)"));
        QVERIFY(selected->isChecked());
        click(named<QPushButton>(dialog, QStringLiteral("Export")));
    });
    QTest::keySequence(profiles, QKeySequence(QStringLiteral("Ctrl+E")));
    QTRY_VERIFY(answered);
    // The progress dialog is up, named for screen readers, until the worker is done.
    QProgressDialog *progress = window->findChild<QProgressDialog *>();
    QVERIFY(progress);
    QCOMPARE(progress->accessibleName(), QStringLiteral("Progress"));
    QVERIFY(named<QPushButton>(progress, QStringLiteral("Cancel")));
    QCOMPARE(progress->maximum(), 3);
    QTRY_VERIFY_WITH_TIMEOUT(statusOf(*window).startsWith(QLatin1String("Exported 3 rows to ")), Timeout);

    csv = CsvReader::read(profilesFile, &error);
    QVERIFY2(!csv.isEmpty(), qPrintable(error));
    // The grid's columns under the grid's headers, the owner's name beside the link column.
    QStringList headers;
    QStringList columns;
    QList<ColumnFamily> families;
    for (int column = 0; column < model->columnCount(); ++column) {
        const QString header = model->headerData(column, Qt::Horizontal).toString();
        headers << header;
        const bool owner = header == QLatin1String("username (owner)");
        columns << (owner ? QStringLiteral("u.username") : QStringLiteral("p.") + header);
        families << (header == QLatin1String("date_of_birth") ? ColumnFamily::Date
                     : header == QLatin1String("id") || header == QLatin1String("user_id")
                         ? ColumnFamily::Integer
                         : ColumnFamily::Text);
    }
    QVERIFY(headers.contains(QStringLiteral("username (owner)")));
    QCOMPARE(headers.indexOf(QStringLiteral("username (owner)")),
             headers.indexOf(QStringLiteral("user_id")) + 1);
    QCOMPARE(csv.takeFirst(), headers);
    const QList<CsvReader::Record> expected = selectRows(
        db,
        QStringLiteral("SELECT %1 FROM account_profile p LEFT JOIN auth_user u ON u.id = p.user_id "
                       "ORDER BY p.id")
            .arg(columns.join(QStringLiteral(", "))),
        families);
    QCOMPARE(expected.size(), 20);
    QCOMPARE(csv, expected.mid(2, 3));
}

void TestGuiGridExport::savesTypedEditsAsSql()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("classic"), QStringLiteral("gui_editsql"));
    auto window = seedAndOpen(db, 10, 10);
    QVERIFY(window);
    QString error;
    const QString before = db.saveSnapshot(&error);
    QTableView *view = profilesView(*window);
    auto *model = qobject_cast<ProfilesModel *>(view->model());
    QVERIFY(model);
    auto *saveAsSql = window->findChild<QAction *>(QStringLiteral("actionSaveEditsAsSql"));
    QVERIFY(saveAsSql);
    QVERIFY(!saveAsSql->isEnabled());

    // Typed into the photo cell of the first profile, with real key events.
    const int photo = columnNamed(model, QStringLiteral("photo"));
    auto *editor = qobject_cast<QLineEdit *>(editCell(view, model->index(0, photo)));
    QVERIFY(editor);
    QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(editor, QStringLiteral("it's a \"photo\".jpg"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY(model->index(0, photo).data(ProfilesModel::DirtyRole).toBool());
    QTRY_VERIFY(saveAsSql->isEnabled());
    const QList<QAction *> menu = view->actions();
    QVERIFY(menu.contains(saveAsSql));

    QTemporaryDir folder;
    const QString file = folder.filePath(QStringLiteral("edits.sql"));
    FileDialog::setNextFileName(file);
    view->setFocus();
    QTest::keySequence(view, QKeySequence(QStringLiteral("Ctrl+Shift+E")));
    QTRY_VERIFY_WITH_TIMEOUT(statusOf(*window).startsWith(QLatin1String("Wrote the edits of 1 profile")),
                             Timeout);

    QFile script(file);
    QVERIFY(script.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(script.readAll());
    // PostgreSQL names the schema too; MariaDB quotes names with backticks.
    QVERIFY2(text.contains(QLatin1String("\nBEGIN;\nUPDATE ")), qPrintable(text));
    const QString quote = db.isMariadb() ? QStringLiteral("`") : QStringLiteral("\"");
    QVERIFY2(text.contains(
                 QStringLiteral("%1account_profile%1 SET %1photo%1 = 'it''s a \"photo\".jpg'\n").arg(quote)),
             qPrintable(text));
    QVERIFY2(text.endsWith(QLatin1String("COMMIT;\n")), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String("password")), qPrintable(text));
    // The edits stay held, and nothing was written to the database.
    QVERIFY(model->isDirty());
    QVERIFY(window->isWindowModified());
    QVERIFY(db.verify(before, &error).value(u"changed").toArray().isEmpty());
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestGuiGridExport>(argc, argv);
}
#include "tst_gridexport.moc"
