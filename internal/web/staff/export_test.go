package staff

// TimelinePage is timelinePage, for the tests of package staff_test.
const TimelinePage = timelinePage
