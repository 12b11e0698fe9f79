// Help → About profile-admin, reached with the keyboard alone: the version, the licence, the links and the
// application's icon. It touches no database.
#include "AboutDialog.h"
#include "GuiTest.h"
#include "Icons.h"
#include "MainWindow.h"
#include "ProductInfo.h"

#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTest>

using namespace GuiTest;

class TestAbout : public QObject
{
    Q_OBJECT

private slots:
    void aboutOpensFromTheHelpMenuByKeyboard();
};

void TestAbout::aboutOpensFromTheHelpMenuByKeyboard()
{
    MainWindow window{GuiOptions()};
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));

    bool shown = false;
    onNextDialog<AboutDialog>([&](AboutDialog *dialog) {
        shown = true;
        QCOMPARE(dialog->accessibleName(), QStringLiteral("About profile-admin"));
        auto *version = named<QLabel>(dialog, QStringLiteral("Version"));
        QVERIFY(version);
        QVERIFY2(version->text().contains(QStringLiteral("profile-admin ") + ProductInfo::version()),
                 qPrintable(version->text()));
        auto *licence = named<QLabel>(dialog, QStringLiteral("Licence"));
        QVERIFY(licence);
        QVERIFY2(licence->text().contains(ProductInfo::licenseName()), qPrintable(licence->text()));
        auto *links = named<QLabel>(dialog, QStringLiteral("Links"));
        QVERIFY(links);
        QVERIFY2(links->text().contains(QStringLiteral("href=\"%1\"").arg(AboutDialog::homepage())),
                 qPrintable(links->text()));
        QVERIFY(links->text().contains(AboutDialog::homepage() + QStringLiteral("/issues")));
        QVERIFY(links->textInteractionFlags().testFlag(Qt::LinksAccessibleByKeyboard));
        QVERIFY(AboutDialog::homepage().startsWith(QLatin1String("https://")));
        // The icon is drawn from the SVG at the screen's pixel ratio, not scaled up from a small bitmap.
        auto *icon = named<QLabel>(dialog, QStringLiteral("Application icon"));
        QVERIFY(icon);
        const QPixmap pixmap = icon->pixmap();
        QVERIFY(!pixmap.isNull());
        QCOMPARE(pixmap.width(), qRound(64 * dialog->devicePixelRatioF()));
        QVERIFY(Icons::svgAvailable());
        auto *close = named<QPushButton>(dialog, QStringLiteral("Close"));
        QVERIFY(close);
        QVERIFY(close->hasFocus());
        // Return presses the default button, Close.
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    });
    // Alt+H opens the Help menu; A is About's mnemonic.
    QTest::keyClick(&window, Qt::Key_H, Qt::AltModifier);
    QMenu *help = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((help = qobject_cast<QMenu *>(QApplication::activePopupWidget())), Timeout);
    QCOMPARE(help->title(), QStringLiteral("&Help"));
    QTest::keyClick(help, Qt::Key_A);
    QTRY_VERIFY_WITH_TIMEOUT(shown, Timeout);
    QTRY_VERIFY_WITH_TIMEOUT(!window.findChild<AboutDialog *>(), Timeout);
}

int main(int argc, char **argv)
{
    return GuiTest::runSuite<TestAbout>(argc, argv);
}

#include "tst_about.moc"
