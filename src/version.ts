/**
 * The release version, a constant rather than read from package.json at run time: the bundle,
 * the single binary and the .deb carry no package.json. test/unit/version.test.ts keeps it equal
 * to package.json's, so `--version`, redis_vitals_build_info and the package never disagree.
 */
export const VERSION = '0.2.0';
