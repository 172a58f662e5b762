// The lab's version, written into every export, and the version of the link and file formats
// (bumped only when an old link or file would be read differently).

export const LAB_VERSION = '0.1.0';
export const STATE_FORMAT = 1;
