// EditHistory: undo and redo steps of held edits, cell by cell, with groups as one step.
#include "EditHistory.h"

#include <QTest>

namespace {

EditHistory::Change change(const QString &key, int column, const QVariant &before, const QVariant &after)
{
    return {key, column, {before.isValid(), before, QString()}, {true, after, QString()}};
}

} // namespace

class TestEditHistory final : public QObject
{
    Q_OBJECT

private slots:
    void undoesAndRedoesStepByStep();
    void aGroupIsOneStep();
    void aNewEditDropsTheRedo();
    void clearForgetsEverything();
};

void TestEditHistory::undoesAndRedoesStepByStep()
{
    EditHistory history;
    QVERIFY(!history.canUndo());
    history.record(change(QStringLiteral("1"), 2, QVariant(), QStringLiteral("a")));
    history.record(change(QStringLiteral("1"), 2, QStringLiteral("a"), QStringLiteral("b")));
    QVERIFY(history.canUndo());
    EditHistory::Step step = history.takeUndo();
    QCOMPARE(step.size(), 1);
    QCOMPARE(step.first().before.value.toString(), QStringLiteral("a"));
    QVERIFY(history.canRedo());
    step = history.takeUndo();
    QVERIFY(!step.first().before.edited); // back to the saved value
    QVERIFY(!history.canUndo());
    step = history.takeRedo();
    QCOMPARE(step.first().after.value.toString(), QStringLiteral("a"));
    step = history.takeRedo();
    QCOMPARE(step.first().after.value.toString(), QStringLiteral("b"));
    QVERIFY(!history.canRedo());
    QVERIFY(history.takeRedo().isEmpty());
}

void TestEditHistory::aGroupIsOneStep()
{
    EditHistory history;
    history.beginGroup();
    history.record(change(QStringLiteral("1"), 2, QVariant(), QStringLiteral("a")));
    history.beginGroup(); // nested: still the same step
    history.record(change(QStringLiteral("2"), 2, QVariant(), QStringLiteral("b")));
    history.endGroup();
    QVERIFY(!history.canUndo()); // not before the outer group ends
    history.record(change(QStringLiteral("1"), 2, QStringLiteral("a"), QStringLiteral("c")));
    history.endGroup();
    const EditHistory::Step step = history.takeUndo();
    QCOMPARE(step.size(), 3);
    // Undone last first, so that cell 1 ends at its first `before`.
    QCOMPARE(step.first().after.value.toString(), QStringLiteral("c"));
    QVERIFY(!step.last().before.edited);
    QVERIFY(!history.canUndo());
    // An empty group leaves no step.
    history.beginGroup();
    history.endGroup();
    QVERIFY(!history.canUndo());
}

void TestEditHistory::aNewEditDropsTheRedo()
{
    EditHistory history;
    history.record(change(QStringLiteral("1"), 2, QVariant(), QStringLiteral("a")));
    history.takeUndo();
    QVERIFY(history.canRedo());
    history.record(change(QStringLiteral("1"), 3, QVariant(), QStringLiteral("x")));
    QVERIFY(!history.canRedo());
}

void TestEditHistory::clearForgetsEverything()
{
    EditHistory history;
    history.record(change(QStringLiteral("1"), 2, QVariant(), QStringLiteral("a")));
    history.record(change(QStringLiteral("1"), 2, QStringLiteral("a"), QStringLiteral("b")));
    history.takeUndo();
    history.clear();
    QVERIFY(!history.canUndo());
    QVERIFY(!history.canRedo());
}

QTEST_GUILESS_MAIN(TestEditHistory)
#include "tst_edithistory.moc"
