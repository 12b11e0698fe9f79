#pragma once

// Runs the Qt Widgets front end: `profile-admin`, `profile-admin DATABASE`, `profile-admin --demo`.
int guiMain(int &argc, char **argv);
