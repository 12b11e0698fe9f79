#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QIODevice;

// Writes records as RFC 4180 CSV in UTF-8: fields separated by commas, every record ended by CRLF, a field
// quoted when it holds a comma, a quote, CR or LF (its quotes doubled). A null QString is NULL and becomes an
// empty field; an empty, non-null one becomes "" so that NULL and empty text stay apart, as PostgreSQL's COPY
// ... CSV keeps them.
class CsvWriter
{
public:
    explicit CsvWriter(QIODevice *device);

    // The UTF-8 byte order mark, which Excel needs to read the file as UTF-8; before the first record.
    bool writeByteOrderMark();
    // False when the device refused the bytes (a full disk); the device's errorString() says why.
    bool writeRecord(const QStringList &fields);

    // One record as the bytes writeRecord() writes.
    static QByteArray format(const QStringList &fields);
    static QByteArray formatField(const QString &field);

private:
    QIODevice *m_device;
};
