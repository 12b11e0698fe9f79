#pragma once

#include <QList>
#include <QTextStream>

struct BenchCase;

// One Markdown table per database: a row per measure, a column per size, so that the growth of each cost from
// 100,000 to 10,000,000 users can be read across a row. A figure that misses its target says FAIL.
void printGrowthTables(QTextStream &out, const QList<BenchCase> &cases);
