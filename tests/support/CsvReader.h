#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>
#include <QStringList>

// A strict RFC 4180 reader for the tests of "Export…": CRLF after every record, quotes only around whole
// fields and doubled inside them, UTF-8. An unquoted empty field is NULL (a null QString), a quoted one the
// empty text, as CsvWriter writes them.
namespace CsvReader {

using Record = QStringList;

inline bool parse(const QByteArray &bytes, QList<Record> *records, QString *error)
{
    qsizetype i = 0;
    const qsizetype n = bytes.size();
    while (i < n) {
        Record record;
        for (;;) {
            QByteArray field;
            bool quoted = false;
            if (i < n && bytes.at(i) == '"') {
                quoted = true;
                ++i;
                for (;;) {
                    if (i >= n) {
                        *error = QStringLiteral("unterminated quoted field");
                        return false;
                    }
                    if (bytes.at(i) == '"') {
                        if (i + 1 < n && bytes.at(i + 1) == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    field += bytes.at(i++);
                }
            } else {
                while (i < n && bytes.at(i) != ',' && bytes.at(i) != '\r') {
                    if (bytes.at(i) == '"' || bytes.at(i) == '\n') {
                        *error = QStringLiteral("bare quote or LF at byte %1").arg(i);
                        return false;
                    }
                    field += bytes.at(i++);
                }
            }
            if (quoted)
                record << (field.isEmpty() ? QStringLiteral("") : QString::fromUtf8(field));
            else
                record << (field.isEmpty() ? QString() : QString::fromUtf8(field));
            if (i < n && bytes.at(i) == ',') {
                ++i;
                continue;
            }
            if (i + 1 < n && bytes.at(i) == '\r' && bytes.at(i + 1) == '\n') {
                i += 2;
                break;
            }
            *error = QStringLiteral("record not ended by CRLF at byte %1").arg(i);
            return false;
        }
        records->append(record);
    }
    return true;
}

// The records of the file at `path`; empty, with `error` set, when it cannot be read or is not strict CSV.
inline QList<Record> read(const QString &path, QString *error)
{
    QFile file(path);
    QList<Record> records;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return records;
    }
    if (!parse(file.readAll(), &records, error))
        records.clear();
    return records;
}

} // namespace CsvReader
