#include "Dataset.h"

Dataset::~Dataset() = default;
