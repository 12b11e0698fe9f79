// Renders the scalable application icon into the PNG sizes of the hicolor theme at build time, so the PNGs
// can never drift from the SVG they come from.
#include <QCoreApplication>
#include <QImage>
#include <QImageReader>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    QTextStream err(stderr);
    if (arguments.size() != 4) {
        err << "usage: profile-admin-render-icon ICON.svg SIZE OUTPUT.png" << Qt::endl;
        return 2;
    }
    bool sizeOk = false;
    const int size = arguments.at(2).toInt(&sizeOk);
    if (!sizeOk || size <= 0) {
        err << "profile-admin-render-icon: not a size: " << arguments.at(2) << Qt::endl;
        return 2;
    }
    QImageReader reader(arguments.at(1));
    // Scaling in the reader draws the vector shapes at the target size instead of shrinking a bitmap.
    reader.setScaledSize(QSize(size, size));
    const QImage image = reader.read();
    if (image.isNull()) {
        err << "profile-admin-render-icon: " << arguments.at(1) << ": " << reader.errorString()
            << " (is the Qt SVG image plugin, libqt6svg6, installed?)" << Qt::endl;
        return 1;
    }
    if (!image.save(arguments.at(3), "PNG")) {
        err << "profile-admin-render-icon: cannot write " << arguments.at(3) << Qt::endl;
        return 1;
    }
    return 0;
}
