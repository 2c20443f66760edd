/**
 * The release version, a constant rather than read from package.json at run time: the bundle,
 * the single binary and the .deb carry no package.json. test/unit/version.test.ts keeps it equal
 * to package.json's, so `--version`, redis_vitals_build_info and the package never disagree.
 */
export const VERSION = '0.2.0';

// Replaced by the bundle build (scripts/package/bundle.ts, esbuild `define`); undeclared at run
// time from source, where `typeof` reads them as undefined without a ReferenceError.
declare const __REDIS_VITALS_COMMIT_SHA__: string | undefined;
declare const __REDIS_VITALS_BUILD_DATE__: string | undefined;

/**
 * What was built: the git commit and its date, stamped into the bundle (and so the binary, the
 * .deb and the image). Empty when run from source (tsx, tsc's dist/): nothing stamps those.
 */
export const BUILD: { readonly commitSha: string; readonly date: string } = {
  commitSha: typeof __REDIS_VITALS_COMMIT_SHA__ === 'string' ? __REDIS_VITALS_COMMIT_SHA__ : '',
  date: typeof __REDIS_VITALS_BUILD_DATE__ === 'string' ? __REDIS_VITALS_BUILD_DATE__ : '',
};
