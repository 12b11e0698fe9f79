// The Profiles model's held edits on real databases: typed text held as refused until corrected, a save the
// database refuses pointing at the profile and column (found even when the database does not name it),
// undo and redo cell by cell and in groups, reverting single cells.
#include "DatabaseSession.h"
#include "ProfilesModel.h"
#include "TestDatabase.h"

#include <QAbstractItemModelTester>
#include <QTest>

#include <memory>

namespace {

struct Grid
{
    std::unique_ptr<DatabaseSession> session;
    std::unique_ptr<ProfilesModel> model;

    QModelIndex cell(int row, const QString &column) const
    {
        for (int c = 0; c < model->columnCount(); ++c) {
            if (model->headerData(c, Qt::Horizontal).toString() == column)
                return model->index(row, c);
        }
        return {};
    }
    QString key(int row) const { return model->index(row, 0).data(ProfilesModel::ProfileKeyRole).toString(); }
};

// Six profiles of the custom schema after `setUp`, in a model as the grid makes it.
bool openGrid(const TestDatabase &db, const QStringList &setUp, Grid *grid, QString *error)
{
    if (!db.migrate(error) || !db.seed(6, 6, error) || !db.exec(setUp, error))
        return false;
    const DatabaseUrl url = DatabaseUrl::parse(db.url(), error);
    grid->session = std::make_unique<DatabaseSession>(url, SessionOptions{QStringLiteral("gui")});
    if (!grid->session->isReady()) {
        *error = grid->session->errorText();
        return false;
    }
    grid->model = std::make_unique<ProfilesModel>(grid->session->database(), url, grid->session->schema());
    return grid->model->rowCount() == 6;
}

QString stored(const TestDatabase &db, const QString &column, const QString &key)
{
    const QVariant value =
        db.queryValue(QStringLiteral("SELECT %1 FROM %2 WHERE id = %3").arg(column, db.profileTable(), key));
    return value.isNull() ? QStringLiteral("NULL") : value.toString();
}

} // namespace

class TestProfilesEditing final : public QObject
{
    Q_OBJECT

private slots:
    void refusedInputIsHeldNotSaved_data() { TestDatabase::addEngineData(); }
    void refusedInputIsHeldNotSaved();
    void uniqueRefusalNamesTheCell_data() { TestDatabase::addEngineData(); }
    void uniqueRefusalNamesTheCell();
    void undoGroupsAndSingleCells_data() { TestDatabase::addEngineData(); }
    void undoGroupsAndSingleCells();
};

void TestProfilesEditing::refusedInputIsHeldNotSaved()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("edit_input"));
    Grid grid;
    QString error;
    QVERIFY2(openGrid(db, {}, &grid, &error), qPrintable(error));
    QAbstractItemModelTester tester(grid.model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex karma = grid.cell(0, QStringLiteral("karma"));
    const QModelIndex newsletter = grid.cell(1, QStringLiteral("newsletter"));
    QVERIFY(grid.model->setData(karma, QStringLiteral("99999999999"), ProfilesModel::InputRole));
    QVERIFY(karma.data(ProfilesModel::InvalidReasonRole).toString().contains(QLatin1String("out of range")));
    QCOMPARE(karma.data().toString(), QStringLiteral("99999999999"));
    // Pasted booleans are words or digits.
    QVERIFY(grid.model->setData(newsletter, QStringLiteral("0"), ProfilesModel::InputRole));
    QCOMPARE(newsletter.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QVERIFY(grid.model->hasInvalidEdits());
    QCOMPARE(grid.model->firstInvalidCell(), karma);

    QVERIFY(!grid.model->save(&error));
    QVERIFY2(error.contains(QStringLiteral("profile %1, karma").arg(grid.key(0))), qPrintable(error));
    QCOMPARE(stored(db, QStringLiteral("newsletter"), grid.key(1)).toLower().left(1),
             engine == QLatin1String("postgres") ? QStringLiteral("t") : QStringLiteral("1"));

    QVERIFY(grid.model->setData(karma, QStringLiteral("-12"), ProfilesModel::InputRole));
    QVERIFY(!grid.model->hasInvalidEdits());
    QVERIFY2(grid.model->save(&error), qPrintable(error));
    QCOMPARE(stored(db, QStringLiteral("karma"), grid.key(0)), QStringLiteral("-12"));
    QCOMPARE(stored(db, QStringLiteral("newsletter"), grid.key(1)).toLower().left(1),
             engine == QLatin1String("postgres") ? QStringLiteral("f") : QStringLiteral("0"));
}

void TestProfilesEditing::uniqueRefusalNamesTheCell()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("edit_unique"));
    Grid grid;
    QString error;
    QVERIFY2(
        openGrid(db,
                 {QStringLiteral("CREATE UNIQUE INDEX nickname_once ON members_memberprofile (nickname)")},
                 &grid, &error),
        qPrintable(error));
    // The second profile takes the first one's new nickname, and changes its bio too.
    QVERIFY(grid.model->setData(grid.cell(0, QStringLiteral("nickname")), QStringLiteral("taken"),
                                ProfilesModel::InputRole));
    QVERIFY(grid.model->setData(grid.cell(1, QStringLiteral("bio")), QStringLiteral("new bio"),
                                ProfilesModel::InputRole));
    QVERIFY(grid.model->setData(grid.cell(1, QStringLiteral("nickname")), QStringLiteral("taken"),
                                ProfilesModel::InputRole));
    QVERIFY(!grid.model->save(&error));
    QVERIFY2(error.contains(QStringLiteral("nickname of profile %1").arg(grid.key(1))), qPrintable(error));
    QCOMPARE(grid.model->refusedCell(), grid.cell(1, QStringLiteral("nickname")));
    QVERIFY(!grid.cell(1, QStringLiteral("nickname"))
                 .data(ProfilesModel::InvalidReasonRole)
                 .toString()
                 .isEmpty());
    // Every edit is kept, nothing was written.
    QVERIFY(grid.model->isRowEdited(0));
    QCOMPARE(grid.cell(1, QStringLiteral("bio")).data().toString(), QStringLiteral("new bio"));
    QVERIFY(stored(db, QStringLiteral("nickname"), grid.key(0)) != QLatin1String("taken"));

    QVERIFY(grid.model->setData(grid.cell(1, QStringLiteral("nickname")), QStringLiteral("free"),
                                ProfilesModel::InputRole));
    QVERIFY(!grid.model->refusedCell().isValid());
    QVERIFY2(grid.model->save(&error), qPrintable(error));
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(0)), QStringLiteral("taken"));
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(1)), QStringLiteral("free"));
    QCOMPARE(stored(db, QStringLiteral("bio"), grid.key(1)), QStringLiteral("new bio"));
}

void TestProfilesEditing::undoGroupsAndSingleCells()
{
    QFETCH(QString, engine);
    PA_TEST_DATABASE(db, engine, QStringLiteral("custom"), QStringLiteral("edit_undo"));
    Grid grid;
    QString error;
    QVERIFY2(openGrid(db, {}, &grid, &error), qPrintable(error));
    const QModelIndex bio = grid.cell(0, QStringLiteral("bio"));
    const QModelIndex nickname = grid.cell(0, QStringLiteral("nickname"));
    const QString savedBio = bio.data().toString();
    const QString savedNickname = nickname.data().toString();

    // A paste of two cells is one step.
    grid.model->beginEditGroup();
    grid.model->setData(bio, QStringLiteral("pasted bio"), ProfilesModel::InputRole);
    grid.model->setData(nickname, QStringLiteral("pasted"), ProfilesModel::InputRole);
    grid.model->endEditGroup();
    QVERIFY(grid.model->canUndo());
    grid.model->undo();
    QVERIFY(!grid.model->isDirty());
    QCOMPARE(bio.data().toString(), savedBio);
    QVERIFY(!grid.model->canUndo());
    grid.model->redo();
    QCOMPARE(bio.data().toString(), QStringLiteral("pasted bio"));
    QCOMPARE(nickname.data().toString(), QStringLiteral("pasted"));

    // Reverting one cell keeps the other edit of its row; the saved value typed again is no edit.
    QCOMPARE(grid.model->revertCells({nickname}), 1);
    QCOMPARE(nickname.data().toString(), savedNickname);
    QVERIFY(!nickname.data(ProfilesModel::DirtyRole).toBool());
    QVERIFY(bio.data(ProfilesModel::DirtyRole).toBool());
    QVERIFY(grid.model->setData(bio, savedBio, ProfilesModel::InputRole));
    QVERIFY(!grid.model->isDirty());
    grid.model->undo();
    QCOMPARE(bio.data().toString(), QStringLiteral("pasted bio"));

    QVERIFY2(grid.model->save(&error), qPrintable(error));
    QVERIFY(!grid.model->canUndo());
    QVERIFY(!grid.model->canRedo());
    QCOMPARE(stored(db, QStringLiteral("bio"), grid.key(0)), QStringLiteral("pasted bio"));
    QCOMPARE(stored(db, QStringLiteral("nickname"), grid.key(0)), savedNickname);
}

QTEST_GUILESS_MAIN(TestProfilesEditing)
#include "tst_profilesediting.moc"
