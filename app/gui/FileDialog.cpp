#include "FileDialog.h"

#include "PresetAnswer.h"

#include <QFileDialog>

namespace {

PresetAnswer<QString> nextFileName;

} // namespace

QString FileDialog::getOpenFileName(QWidget *parent, const QString &caption, const QString &folder,
                                    const QString &filter)
{
    if (const auto preset = nextFileName.take())
        return *preset;
    return QFileDialog::getOpenFileName(parent, caption, folder, filter);
}

QString FileDialog::getSaveFileName(QWidget *parent, const QString &caption, const QString &suggestion,
                                    const QString &filter)
{
    if (const auto preset = nextFileName.take())
        return *preset;
    return QFileDialog::getSaveFileName(parent, caption, suggestion, filter);
}

void FileDialog::setNextFileName(const QString &fileName)
{
    nextFileName.set(fileName);
}
