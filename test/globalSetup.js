// Builds dist/ (only when the sources changed) so end-to-end tests run the bot exactly as `npm start` does.
module.exports = async () => {
  require('../scripts/launch.js').ensureBuilt();
};
