// PastePlan: where each pasted field goes, and a paste refused as a whole, with the reason, when any of it
// would fall on a read-only column or past the grid. Pure logic: no database.
#include "PastePlan.h"

#include <QTest>

using Rows = QList<QStringList>;

namespace {

// A page of `rows` rows like the Profiles grid's: id and user_id (and the owner) read-only.
PastePlan::Grid profilesGrid(int rows = 10, qint64 firstRowNumber = 1)
{
    PastePlan::Grid grid;
    grid.rows = rows;
    grid.columnNames = {QStringLiteral("id"), QStringLiteral("user_id"), QStringLiteral("username (owner)"),
                        QStringLiteral("date_of_birth"), QStringLiteral("photo")};
    grid.editable = {false, false, false, true, true};
    grid.firstRowNumber = firstRowNumber;
    return grid;
}

QString describe(const PastePlan &plan)
{
    QStringList cells;
    for (const PastePlan::Cell &cell : plan.cells())
        cells << QStringLiteral("(%1,%2)=%3").arg(cell.row).arg(cell.column).arg(cell.text);
    return cells.join(u' ');
}

} // namespace

class TestPastePlan final : public QObject
{
    Q_OBJECT

private slots:
    void placesABlockFromItsFirstCell();
    void raggedRowsPasteWhatTheyHave();
    void oneValueFillsEveryCell();
    void readOnlyColumnsRefuseTheWholePaste();
    void rowsPastThePageRefuseTheWholePaste();
    void columnsPastTheLastRefuseTheWholePaste();
    void nothingToPasteInto();
};

void TestPastePlan::placesABlockFromItsFirstCell()
{
    const PastePlan plan = PastePlan::forBlock(Rows{{QStringLiteral("1990-05-04"), QStringLiteral("a.jpg")},
                                                    {QStringLiteral("1991-06-05"), QStringLiteral("b.jpg")}},
                                               2, 3, profilesGrid());
    QVERIFY2(!plan.isRefused(), qPrintable(plan.refusal()));
    QCOMPARE(describe(plan), QStringLiteral("(2,3)=1990-05-04 (2,4)=a.jpg (3,3)=1991-06-05 (3,4)=b.jpg"));
    QCOMPARE(plan.columns(), (QList<int>{3, 4}));
}

void TestPastePlan::raggedRowsPasteWhatTheyHave()
{
    const PastePlan plan = PastePlan::forBlock(
        Rows{{QStringLiteral("x"), QStringLiteral("y")}, {QStringLiteral("z")}}, 0, 3, profilesGrid());
    QVERIFY2(!plan.isRefused(), qPrintable(plan.refusal()));
    QCOMPARE(describe(plan), QStringLiteral("(0,3)=x (0,4)=y (1,3)=z"));
}

void TestPastePlan::oneValueFillsEveryCell()
{
    const PastePlan plan =
        PastePlan::forCells(QStringLiteral("same"), {{0, 4}, {5, 4}, {2, 3}}, profilesGrid());
    QVERIFY2(!plan.isRefused(), qPrintable(plan.refusal()));
    QCOMPARE(describe(plan), QStringLiteral("(0,4)=same (5,4)=same (2,3)=same"));
    QCOMPARE(plan.columns(), (QList<int>{3, 4}));
}

void TestPastePlan::readOnlyColumnsRefuseTheWholePaste()
{
    // A block starting on the key: nothing is pasted, and the message names every read-only column it hits.
    const PastePlan block = PastePlan::forBlock(
        Rows{{QStringLiteral("7"), QStringLiteral("8"), QStringLiteral("u"), QStringLiteral("2000-01-01")}},
        0, 0, profilesGrid());
    QVERIFY(block.isRefused());
    QVERIFY(block.cells().isEmpty());
    QCOMPARE(block.refusal(), QStringLiteral("Nothing was changed: id, user_id and username (owner) are "
                                             "read-only. Start the paste on a column that can be edited, or "
                                             "copy a block without those columns."));

    const PastePlan fill = PastePlan::forCells(QStringLiteral("x"), {{0, 4}, {0, 1}}, profilesGrid());
    QVERIFY(fill.isRefused());
    QVERIFY(fill.cells().isEmpty());
    QCOMPARE(fill.refusal(), QStringLiteral("Nothing was changed: user_id is read-only. Select only cells of "
                                            "columns that can be edited."));
}

void TestPastePlan::rowsPastThePageRefuseTheWholePaste()
{
    // The second page: rows are numbered from 1,001, as the grid numbers them.
    const Rows block(4, QStringList{QStringLiteral("x")});
    const PastePlan plan = PastePlan::forBlock(block, 8, 4, profilesGrid(10, 1001));
    QVERIFY(plan.isRefused());
    QVERIFY(plan.cells().isEmpty());
    QCOMPARE(
        plan.refusal(),
        QStringLiteral("Nothing was changed: it has 4 rows from row %1, and this page ends at row %2, so 2 "
                       "of them would fall past its end. Start the paste higher up or further left, or "
                       "copy a smaller block.")
            .arg(QLocale().toString(1009), QLocale().toString(1010)));
    // The same block two rows higher fits.
    QVERIFY(!PastePlan::forBlock(block, 6, 4, profilesGrid(10, 1001)).isRefused());
}

void TestPastePlan::columnsPastTheLastRefuseTheWholePaste()
{
    const PastePlan plan = PastePlan::forBlock(
        Rows{{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}}, 0, 3, profilesGrid());
    QVERIFY(plan.isRefused());
    QVERIFY(plan.cells().isEmpty());
    QVERIFY2(
        plan.refusal().contains(QStringLiteral("it has 3 columns from column date_of_birth, and the last "
                                               "column is photo, so 1 of them would fall past it")),
        qPrintable(plan.refusal()));
}

void TestPastePlan::nothingToPasteInto()
{
    QVERIFY(PastePlan::forBlock(Rows{{QStringLiteral("a")}}, -1, -1, profilesGrid()).isRefused());
    QVERIFY(PastePlan::forCells(QStringLiteral("a"), {}, profilesGrid()).isRefused());
}

QTEST_APPLESS_MAIN(TestPastePlan)
#include "tst_pasteplan.moc"
