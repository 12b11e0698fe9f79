#pragma once

#include <QString>

class QWidget;

// The file pickers of the GUI, answerable beforehand by tests (KeePassXC's FileDialog::setNextFileName).
class FileDialog
{
public:
    static QString getOpenFileName(QWidget *parent, const QString &caption, const QString &folder,
                                   const QString &filter);
    static QString getSaveFileName(QWidget *parent, const QString &caption, const QString &suggestion,
                                   const QString &filter);
    // The next picker returns `fileName` at once and shows nothing.
    static void setNextFileName(const QString &fileName);
};
