#include "FileDialog.h"

#include <QFileDialog>

namespace {

QString nextFileName;
bool nextSet = false;

} // namespace

QString FileDialog::getOpenFileName(QWidget *parent, const QString &caption, const QString &folder,
                                    const QString &filter)
{
    if (nextSet) {
        nextSet = false;
        return nextFileName;
    }
    return QFileDialog::getOpenFileName(parent, caption, folder, filter);
}

void FileDialog::setNextFileName(const QString &fileName)
{
    nextFileName = fileName;
    nextSet = true;
}
