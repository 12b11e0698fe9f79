#include "GuiMain.h"

#include "MainWindow.h"

#include <QApplication>

int guiMain(int &argc, char **argv)
{
    QApplication app(argc, argv);
    MainWindow window;
    window.show();
    return app.exec();
}
