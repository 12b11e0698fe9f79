// The Profiles grid edited as a person edits a spreadsheet, offscreen, on SQLite and PostgreSQL databases
// made by the real Django site: values typed with real keys are stored exactly or visibly refused, never
// turned into other values; a save the database refuses points at the cell; undo and redo go cell by cell.
// The database is read after each save (by SQL and through Django's ORM).
#include "GuiTest.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "ProfilesModel.h"
#include "TestDatabase.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QCalendarWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

using namespace GuiTest;

namespace {

// The custom schema has every family the grid types: a nullable date, a date-time, an integer, a
// varchar(40).
const QString Variant = QStringLiteral("custom");

struct Grid
{
    std::unique_ptr<MainWindow> window;
    QTableView *view = nullptr;
    ProfilesModel *model = nullptr;

    QModelIndex cell(int row, const QString &column) const
    {
        return model->index(row, columnNamed(model, column));
    }
    QString key(int row) const { return model->index(row, 0).data(ProfilesModel::ProfileKeyRole).toString(); }
    QAction *action(const QString &name) const { return window->findChild<QAction *>(name); }
};

// Six profiles; `setUp` statements run before the window opens.
Grid openGrid(const TestDatabase &db, const QStringList &setUp = {})
{
    Grid grid;
    QString error;
    if (!db.migrate(&error) || !db.seed(6, 6, &error) || !db.exec(setUp, &error)) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return grid;
    }
    grid.window = openWindow(db, QStringLiteral("6 users · 0 without profile"));
    if (!grid.window)
        return grid;
    grid.view = profilesView(*grid.window);
    grid.model = qobject_cast<ProfilesModel *>(grid.view->model());
    return grid;
}

// The column of profile `key` as the database holds it, as text (ISO for PostgreSQL's dates).
QString stored(const TestDatabase &db, const QString &column, const QString &key)
{
    const QVariant value =
        db.queryValue(QStringLiteral("SELECT %1 FROM %2 WHERE id = %3").arg(column, db.profileTable(), key));
    return value.isNull() ? QStringLiteral("NULL") : value.toString();
}

// The column of profile `key` as Django's ORM reads it (isoformat for dates and times).
QString throughDjango(const TestDatabase &db, const QString &column, const QString &key)
{
    const QJsonObject profiles = QJsonDocument::fromJson(db.snapshot()).object();
    const QJsonValue value = profiles.value(key).toObject().value(column);
    return value.isNull() ? QStringLiteral("NULL") : value.toString();
}

bool save(const Grid &grid)
{
    QTest::keySequence(grid.window.get(), QKeySequence::Save);
    return QTest::qWaitFor([&] { return !grid.model->isDirty(); }, Timeout);
}

} // namespace

class TestGridEditing : public QObject
{
    Q_OBJECT

private slots:
    void init() { QSettings().clear(); }

    void typedDatesAreStoredExactly_data() { TestDatabase::addEngineData(); }
    void typedDatesAreStoredExactly();
    void impossibleValuesAreRefusedUntilCorrected_data() { TestDatabase::addEngineData(); }
    void impossibleValuesAreRefusedUntilCorrected();
    void typingLikeASpreadsheet_data() { TestDatabase::addEngineData(); }
    void typingLikeASpreadsheet();
    void undoAndRedoCellByCell_data() { TestDatabase::addEngineData(); }
    void undoAndRedoCellByCell();
    void refusedSaveMarksTheCell_data() { TestDatabase::addEngineData(); }
    void refusedSaveMarksTheCell();
    void calendarPicksADate_data() { TestDatabase::addEngineData(); }
    void calendarPicksADate();
    void dateTimesRoundTripAsDjangoStoresThem_data() { TestDatabase::addEngineData(); }
    void dateTimesRoundTripAsDjangoStoresThem();
};

void TestGridEditing::typedDatesAreStoredExactly()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, Variant, QStringLiteral("grid_dates"));
    const Grid grid = openGrid(db, {QStringLiteral("UPDATE members_memberprofile SET birthday = '1981-03-05' "
                                                   "WHERE id IN (1, 3)"),
                                    QStringLiteral("UPDATE members_memberprofile SET birthday = NULL "
                                                   "WHERE id IN (2, 4)")});
    QVERIFY(grid.model);
    // The reported cases: over an existing date and into NULL, through F2 and by typing on the cell.
    QVERIFY(typeInto(grid.view, grid.cell(0, QStringLiteral("birthday")), QStringLiteral("1990-05-04")));
    QVERIFY(typeInto(grid.view, grid.cell(1, QStringLiteral("birthday")), QStringLiteral("1985-07-14")));
    QVERIFY(typeOver(grid.view, grid.cell(2, QStringLiteral("birthday")), QStringLiteral("1990-05-04")));
    QVERIFY(typeOver(grid.view, grid.cell(3, QStringLiteral("birthday")), QStringLiteral("1985-07-14")));
    for (int row = 0; row < 4; ++row)
        QVERIFY(grid.cell(row, QStringLiteral("birthday"))
                    .data(ProfilesModel::InvalidReasonRole)
                    .toString()
                    .isEmpty());
    QVERIFY(save(grid));
    QCOMPARE(stored(db, QStringLiteral("birthday"), grid.key(0)), QStringLiteral("1990-05-04"));
    QCOMPARE(stored(db, QStringLiteral("birthday"), grid.key(1)), QStringLiteral("1985-07-14"));
    QCOMPARE(stored(db, QStringLiteral("birthday"), grid.key(2)), QStringLiteral("1990-05-04"));
    QCOMPARE(stored(db, QStringLiteral("birthday"), grid.key(3)), QStringLiteral("1985-07-14"));
    QCOMPARE(throughDjango(db, QStringLiteral("birthday"), grid.key(1)), QStringLiteral("1985-07-14"));
}

void TestGridEditing::impossibleValuesAreRefusedUntilCorrected()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, Variant, QStringLiteral("grid_refused_input"));
    const Grid grid =
        openGrid(db, {QStringLiteral("UPDATE members_memberprofile SET birthday = '1981-03-05'")});
    QVERIFY(grid.model);
    const QModelIndex noSuchDay = grid.cell(0, QStringLiteral("birthday"));
    const QModelIndex noSuchMonth = grid.cell(1, QStringLiteral("birthday"));
    const QModelIndex letters = grid.cell(2, QStringLiteral("karma"));
    const QModelIndex tooLong = grid.cell(3, QStringLiteral("nickname"));
    const QString savedNickname = tooLong.data().toString();
    QVERIFY(typeInto(grid.view, noSuchDay, QStringLiteral("20230231")));
    QVERIFY(typeOver(grid.view, noSuchMonth, QStringLiteral("2023-13-01")));
    QVERIFY(typeInto(grid.view, letters, QStringLiteral("12a")));
    // Too long reaches the model only by paste (the editor stops at 40): the paste's one path.
    QVERIFY(grid.model->setData(tooLong, QString(41, QLatin1Char('n')), ProfilesModel::InputRole));

    // Held as typed, marked, with the reason; never another value.
    for (const QModelIndex &cell : {noSuchDay, noSuchMonth, letters, tooLong}) {
        QVERIFY(cell.data(ProfilesModel::DirtyRole).toBool());
        QVERIFY(!cell.data(ProfilesModel::InvalidReasonRole).toString().isEmpty());
        QCOMPARE(cell.data(Qt::ToolTipRole), cell.data(ProfilesModel::InvalidReasonRole));
    }
    QCOMPARE(noSuchDay.data().toString(), QStringLiteral("20230231"));
    QCOMPARE(noSuchMonth.data().toString(), QStringLiteral("2023-13-01"));
    QCOMPARE(letters.data().toString(), QStringLiteral("12a"));

    // Save refuses, naming the profile and the column, and points at the first cell to correct.
    MessageBox::setNextAnswer(QMessageBox::Ok);
    click(named<QAbstractButton>(grid.window.get(), QStringLiteral("Save changes")));
    const QString message = MessageBox::lastText();
    QVERIFY2(message.contains(QStringLiteral("profile %1, birthday").arg(grid.key(0))), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("profile %1, karma").arg(grid.key(2))), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("profile %1, nickname").arg(grid.key(3))), qPrintable(message));
    QCOMPARE(grid.view->currentIndex(), noSuchDay);
    QVERIFY(grid.model->isDirty());
    QCOMPARE(stored(db, QStringLiteral("birthday"), grid.key(0)), QStringLiteral("1981-03-05"));
    QCOMPARE(stored(db, QStringLiteral("karma"), grid.key(2)), QStringLiteral("7"));

    // Corrected by typing, undone, reverted: then it saves what was typed.
    QVERIFY(typeInto(grid.view, noSuchDay, QStringLiteral("2023-02-28")));
    QVERIFY(typeInto(grid.view, noSuchMonth, QStringLiteral("2023-12-01")));
    QVERIFY(typeInto(grid.view, letters, QStringLiteral("12")));
    grid.view->setCurrentIndex(tooLong);
    QTRY_VERIFY(grid.action(QStringLiteral("actionRevertCells"))->isEnabled());
    grid.action(QStringLiteral("actionRevertCells"))->trigger();
    QVERIFY(!grid.model->hasInvalidEdits());
    QVERIFY(save(grid));
    QCOMPARE(stored(db, QStringLiteral("birthday"), grid.key(0)), QStringLiteral("2023-02-28"));
    QCOMPARE(stored(db, QStringLiteral("birthday"), grid.key(1)), QStringLiteral("2023-12-01"));
    QCOMPARE(stored(db, QStringLiteral("karma"), grid.key(2)), QStringLiteral("12"));
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(3)), savedNickname);
}

void TestGridEditing::typingLikeASpreadsheet()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, Variant, QStringLiteral("grid_typing"));
    const Grid grid = openGrid(db);
    QVERIFY(grid.model);
    const QModelIndex appended = grid.cell(0, QStringLiteral("nickname"));
    const QModelIndex replaced = grid.cell(1, QStringLiteral("nickname"));
    const QModelIndex capped = grid.cell(2, QStringLiteral("nickname"));
    const QString seed = appended.data().toString();

    // F2 edits the value with the cursor after it.
    QVERIFY(editCell(grid.view, appended));
    QVERIFY(focusedLineEdit());
    QTest::keyClicks(focusedLineEdit(), QStringLiteral("-more"));
    QTest::keyClick(focusedLineEdit(), Qt::Key_Return);
    QTRY_COMPARE(appended.data().toString(), seed + QStringLiteral("-more"));

    // A key on the cell starts editing with that key, over the value.
    QVERIFY(typeOver(grid.view, replaced, QStringLiteral("xyz")));
    QCOMPARE(replaced.data().toString(), QStringLiteral("xyz"));

    // A varchar(40) editor stops at 40; the column widens to show the longer value.
    const int width = grid.view->columnWidth(capped.column());
    QVERIFY(editCell(grid.view, capped));
    QCOMPARE(focusedLineEdit()->maxLength(), 40);
    QTest::keyClick(focusedLineEdit(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(focusedLineEdit(), QString(45, QLatin1Char('w')));
    QCOMPARE(focusedLineEdit()->text().size(), 40);
    QTest::keyClick(focusedLineEdit(), Qt::Key_Return);
    QTRY_COMPARE(capped.data().toString(), QString(40, QLatin1Char('w')));
    QVERIFY(grid.view->columnWidth(capped.column()) > width);

    // Delete on a NOT NULL cell says why nothing happens.
    grid.view->setFocus();
    grid.view->setCurrentIndex(grid.cell(3, QStringLiteral("nickname")));
    QTest::keyClick(grid.view, Qt::Key_Delete);
    QVERIFY2(grid.window->statusBar()->currentMessage().contains(QStringLiteral("nickname cannot be NULL")),
             qPrintable(grid.window->statusBar()->currentMessage()));
    QVERIFY(!grid.cell(3, QStringLiteral("nickname")).data(ProfilesModel::DirtyRole).toBool());
    QVERIFY(!grid.view->indexWidget(grid.cell(3, QStringLiteral("nickname"))));

    QVERIFY(save(grid));
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(0)), seed + QStringLiteral("-more"));
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(1)), QStringLiteral("xyz"));
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(2)), QString(40, QLatin1Char('w')));
}

void TestGridEditing::undoAndRedoCellByCell()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, Variant, QStringLiteral("grid_undo"));
    const Grid grid = openGrid(db);
    QVERIFY(grid.model);
    const QModelIndex nickname = grid.cell(0, QStringLiteral("nickname"));
    const QModelIndex karma = grid.cell(0, QStringLiteral("karma"));
    const QModelIndex other = grid.cell(1, QStringLiteral("nickname"));
    const QString saved = nickname.data().toString();
    const QString otherSaved = other.data().toString();
    QAction *undo = grid.action(QStringLiteral("actionUndo"));
    QAction *redo = grid.action(QStringLiteral("actionRedo"));
    QVERIFY(!undo->isEnabled());

    QVERIFY(typeInto(grid.view, nickname, QStringLiteral("one")));
    QVERIFY(typeInto(grid.view, nickname, QStringLiteral("two")));
    QVERIFY(typeInto(grid.view, karma, QStringLiteral("5")));
    QVERIFY(typeInto(grid.view, other, QStringLiteral("kept")));
    QVERIFY(undo->isEnabled());
    QVERIFY(!redo->isEnabled());

    // Ctrl+Z, one cell at a time, back to the saved values.
    grid.view->setFocus();
    QTest::keyClick(grid.view, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(!other.data(ProfilesModel::DirtyRole).toBool());
    QCOMPARE(grid.view->currentIndex(), other);
    QTest::keyClick(grid.view, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(!karma.data(ProfilesModel::DirtyRole).toBool());
    QCOMPARE(karma.data().toLongLong(), 7);
    QTest::keyClick(grid.view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(nickname.data().toString(), QStringLiteral("one"));
    QTest::keyClick(grid.view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(nickname.data().toString(), saved);
    QVERIFY(!grid.model->isDirty());
    QVERIFY(!undo->isEnabled());
    QVERIFY(!grid.action(QStringLiteral("actionSaveChanges"))->isEnabled());

    // Ctrl+Shift+Z and Ctrl+Y redo.
    QVERIFY(redo->isEnabled());
    QTest::keyClick(grid.view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(nickname.data().toString(), QStringLiteral("one"));
    QTest::keyClick(grid.view, Qt::Key_Y, Qt::ControlModifier);
    QCOMPARE(nickname.data().toString(), QStringLiteral("two"));
    QTest::keyClick(grid.view, Qt::Key_Y, Qt::ControlModifier);
    QCOMPARE(karma.data().toLongLong(), 5);

    // Revert selected cells drops only those: the karma stays edited.
    grid.view->selectionModel()->setCurrentIndex(nickname, QItemSelectionModel::ClearAndSelect);
    QVERIFY(grid.action(QStringLiteral("actionRevertCells"))->isEnabled());
    grid.action(QStringLiteral("actionRevertCells"))->trigger();
    QCOMPARE(nickname.data().toString(), saved);
    QVERIFY(karma.data(ProfilesModel::DirtyRole).toBool());
    // ...and is one undo step itself.
    QTest::keyClick(grid.view, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(nickname.data().toString(), QStringLiteral("two"));

    QVERIFY(save(grid));
    QVERIFY(!undo->isEnabled());
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(0)), QStringLiteral("two"));
    QCOMPARE(stored(db, QStringLiteral("karma"), grid.key(0)), QStringLiteral("5"));
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(1)), otherSaved);
}

void TestGridEditing::refusedSaveMarksTheCell()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, Variant, QStringLiteral("grid_refused_save"));
    // A rule the database keeps, which the grid cannot know: karma is never negative.
    const QString rule =
        engine == QLatin1String("postgres") || engine == QLatin1String("mariadb")
            ? QStringLiteral("ALTER TABLE members_memberprofile ADD CONSTRAINT karma_not_negative "
                             "CHECK (karma >= 0)")
            : QStringLiteral("CREATE TRIGGER karma_not_negative BEFORE UPDATE ON "
                             "members_memberprofile WHEN NEW.karma < 0 BEGIN "
                             "SELECT RAISE(ABORT, 'karma_not_negative'); END");
    const Grid grid = openGrid(db, {rule});
    QVERIFY(grid.model);
    const QModelIndex fine = grid.cell(0, QStringLiteral("nickname"));
    const QModelIndex sameRow = grid.cell(1, QStringLiteral("nickname"));
    const QModelIndex refused = grid.cell(1, QStringLiteral("karma"));
    const QString fineSaved = fine.data().toString();
    QVERIFY(typeInto(grid.view, fine, QStringLiteral("fine")));
    QVERIFY(typeInto(grid.view, sameRow, QStringLiteral("also-fine")));
    QVERIFY(typeInto(grid.view, refused, QStringLiteral("-5")));

    MessageBox::setNextAnswer(QMessageBox::Ok);
    click(named<QAbstractButton>(grid.window.get(), QStringLiteral("Save changes")));
    const QString message = MessageBox::lastText();
    QVERIFY2(message.contains(QStringLiteral("karma of profile %1").arg(grid.key(1))), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("karma_not_negative")), qPrintable(message));
    QCOMPARE(grid.view->currentIndex(), refused);
    QVERIFY(grid.view->selectionModel()->isSelected(refused));
    QVERIFY(!refused.data(ProfilesModel::InvalidReasonRole).toString().isEmpty());
    QVERIFY(sameRow.data(ProfilesModel::InvalidReasonRole).toString().isEmpty());
    // The edits stay on screen; nothing reached the database.
    QCOMPARE(fine.data().toString(), QStringLiteral("fine"));
    QCOMPARE(refused.data().toLongLong(), -5);
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(0)), fineSaved);

    QVERIFY(typeInto(grid.view, refused, QStringLiteral("5")));
    QVERIFY(refused.data(ProfilesModel::InvalidReasonRole).toString().isEmpty());
    QVERIFY(save(grid));
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(0)), QStringLiteral("fine"));
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(1)), QStringLiteral("also-fine"));
    QCOMPARE(stored(db, QStringLiteral("karma"), grid.key(1)), QStringLiteral("5"));
}

void TestGridEditing::calendarPicksADate()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, Variant, QStringLiteral("grid_calendar"));
    const Grid grid =
        openGrid(db, {QStringLiteral("UPDATE members_memberprofile SET birthday = '1981-03-05'")});
    QVERIFY(grid.model);
    const QModelIndex birthday = grid.cell(0, QStringLiteral("birthday"));
    QVERIFY(editCell(grid.view, birthday));
    QLineEdit *text = focusedLineEdit();
    QVERIFY(text);
    QTest::keyClick(text, Qt::Key_Down, Qt::AltModifier);
    auto *calendar = qobject_cast<QCalendarWidget *>(QApplication::activePopupWidget());
    QVERIFY(calendar);
    QCOMPARE(calendar->selectedDate(), QDate(1981, 3, 5));
    // The next day, picked with the keyboard.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Right);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_VERIFY(!calendar->isVisible());
    QCOMPARE(text->text(), QStringLiteral("1981-03-06"));
    QTest::keyClick(text, Qt::Key_Return);
    QTRY_COMPARE(birthday.data().toDate(), QDate(1981, 3, 6));
    QVERIFY(save(grid));
    QCOMPARE(stored(db, QStringLiteral("birthday"), grid.key(0)), QStringLiteral("1981-03-06"));
}

void TestGridEditing::dateTimesRoundTripAsDjangoStoresThem()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, Variant, QStringLiteral("grid_datetimes"));
    const Grid grid = openGrid(db);
    QVERIFY(grid.model);
    const QModelIndex withZone = grid.cell(0, QStringLiteral("joined_at"));
    const QModelIndex inUtc = grid.cell(1, QStringLiteral("joined_at"));
    QVERIFY(typeInto(grid.view, withZone, QStringLiteral("2024-05-06 09:08:09+02:00")));
    QVERIFY(typeOver(grid.view, inUtc, QStringLiteral("2023-11-30T23:59:58.250Z")));
    // Shown as stored: in UTC, with the offset said.
    QCOMPARE(cellText(withZone), QStringLiteral("2024-05-06 07:08:09+00:00"));
    QVERIFY(save(grid));
    QCOMPARE(throughDjango(db, QStringLiteral("joined_at"), grid.key(0)),
             QStringLiteral("2024-05-06T07:08:09+00:00"));
    QCOMPARE(throughDjango(db, QStringLiteral("joined_at"), grid.key(1)),
             QStringLiteral("2023-11-30T23:59:58.250000+00:00"));
    // Read back, the page shows what was typed, and typing it again is no edit.
    QCOMPARE(cellText(withZone), QStringLiteral("2024-05-06 07:08:09+00:00"));
    QVERIFY(typeInto(grid.view, withZone, QStringLiteral("2024-05-06 07:08:09+00:00")));
    QVERIFY(!grid.model->isDirty());
}

int main(int argc, char **argv)
{
    return runSuite<TestGridEditing>(argc, argv);
}

#include "tst_gridediting.moc"
